import { info, ok, warn, type CheckLine } from '../doctor/checks'
import { PATCH_COMMAND, RESTORE_COMMAND, type Verdict } from './desktop-verdict'
import type { GateFinding } from './find-picker-gate'
import { computeIntegrityDigest } from './integrity-digest'
import type { MacAppInspection } from './inspect-mac-app'

/** Whether this bundle needs the picker patch, and whether it is safe to apply; first reason wins. */
export function judgeMacApp(inspection: MacAppInspection): Verdict {
  const { gate } = inspection
  if (gate.kind === 'patched')
    return { kind: 'no-patch-needed', reason: `already patched by codex-shim (undo with \`${RESTORE_COMMAND}\`)` }
  if (gate.kind === 'bypassed')
    return { kind: 'no-patch-needed', reason: "this build shows a custom provider's catalog as it is" }
  if (gate.kind === 'missing') {
    return {
      kind: 'cannot-patch',
      reason: `no picker gate in this build's ${gate.scripts} scripts; it probably needs no patch (check that the picker lists your models)`,
    }
  }
  if (gate.kind === 'ambiguous') {
    const files = [...new Set(gate.places.map((place) => place.file))].join(', ')
    return {
      kind: 'cannot-patch',
      reason: `the picker gate matches ${gate.places.length} places (${files}), so which one to change is not clear`,
    }
  }
  if (gate.isUnpacked)
    return { kind: 'cannot-patch', reason: `the picker gate is in an unpacked file (${gate.place.file})` }
  const integrityProblem = findIntegrityProblem(inspection)
  if (integrityProblem) return { kind: 'cannot-patch', reason: integrityProblem }
  return {
    kind: 'patch-available',
    reason: `the picker drops models the server's allowlist does not name (gate in ${gate.place.file}); run \`${PATCH_COMMAND}\``,
  }
}

/** A bundle whose integrity data already disagrees (or that we cannot read) is one we must not touch. */
function findIntegrityProblem(inspection: MacAppInspection): string | undefined {
  const { plistEntry, fuse, digests, headerHash, info: plist } = inspection
  if (plistEntry) {
    if (plistEntry.algorithm.toUpperCase() !== 'SHA256')
      return `Info.plist uses the ASAR integrity algorithm ${plistEntry.algorithm}, not SHA256`
    if (plistEntry.hash !== headerHash)
      return "Info.plist's app.asar hash does not match the archive (something else changed the bundle; reinstall the app)"
  } else if (fuse.state === 'on') {
    return 'the ASAR integrity fuse is on but Info.plist has no hash for Resources/app.asar'
  }
  for (const { framework, slots } of digests) {
    if (slots.state === 'unknown') return `unknown ASAR integrity digest format in ${framework.label}: ${slots.reason}`
    if (slots.state !== 'on') continue
    if (!plist.asarIntegrity)
      return `${framework.label} uses the integrity digest but Info.plist has no ElectronAsarIntegrity`
    if (!computeIntegrityDigest(plist.asarIntegrity).equals(slots.digest))
      return `the integrity digest in ${framework.label} does not match Info.plist`
  }
  return undefined
}

/** The detail lines under the verdict: version, catalog gate, integrity. */
export function describeMacApp(inspection: MacAppInspection): CheckLine[] {
  const { info: plist, plistEntry, headerHash, fuse, digests } = inspection
  const lines = [
    info(`Codex Desktop ${plist.version ?? '?'} (build ${plist.build ?? '?'}) at ${inspection.app}`),
    describeGate(inspection.gate),
  ]
  if (!plistEntry) lines.push(info('Info.plist has no ASAR integrity hash for Resources/app.asar'))
  else if (plistEntry.hash === headerHash)
    lines.push(ok(`app.asar header hash matches Info.plist (${headerHash.slice(0, 12)}…)`))
  else
    lines.push(
      warn(
        `app.asar header hash ${headerHash.slice(0, 12)}… differs from Info.plist's ${plistEntry.hash.slice(0, 12)}…`,
        'The bundle was changed by something else; reinstall the app.',
      ),
    )
  const fuseText = {
    on: 'on',
    off: 'off (the hashes are not checked)',
    removed: 'removed',
    absent: 'not present',
    unknown: `unreadable${fuse.detail ? ` (${fuse.detail})` : ''}`,
  }[fuse.state]
  lines.push(info(`EnableEmbeddedAsarIntegrityValidation fuse: ${fuseText}`))
  if (digests.length === 0) lines.push(info('Electron 41 ASAR integrity digest: not present'))
  for (const { framework, slots } of digests) {
    if (slots.state === 'off') lines.push(info(`Electron 41 ASAR integrity digest in ${framework.label}: off`))
    else if (slots.state === 'on')
      lines.push(
        info(
          `Electron 41 ASAR integrity digest in ${framework.label}: on (v1, ${slots.offsets.length} slice${slots.offsets.length === 1 ? '' : 's'})`,
        ),
      )
    else lines.push(warn(`Electron 41 ASAR integrity digest in ${framework.label}: unknown format (${slots.reason})`))
  }
  return lines
}

function describeGate(gate: GateFinding): CheckLine {
  if (gate.kind === 'bypassed')
    return ok(`picker gate lets a custom provider's catalog through (${gate.places[0]?.file ?? '?'})`)
  if (gate.kind === 'patched') return ok(`picker gate patched by codex-shim (${gate.files.join(', ')})`)
  if (gate.kind === 'filtering')
    return warn(
      `picker gate still filters by the server's allowlist (${gate.place.file})`,
      `Run \`${PATCH_COMMAND} --dry-run\` to see the edit.`,
    )
  if (gate.kind === 'missing') return info(`no picker gate found in ${gate.scripts} scripts`)
  return warn(`picker gate matches ${gate.places.length} places`)
}
