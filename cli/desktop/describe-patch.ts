import { relative } from 'node:path'
import { PATCH_MARKER } from './picker-gate'
import { gateContext, type PatchPlan } from './patch-plan'

export interface PatchValues {
  newHeaderHash: string
  /** The new Electron 41 digest (hex), when a framework uses one. */
  newDigest?: string
}

/** The exact edits, in the order a patch makes them: what `--dry-run` prints and a patch reports. */
export function describePatch(plan: PatchPlan, values: PatchValues): string[] {
  const { inspection, gate, gateFile } = plan
  const edits = [
    `copy ${inspection.app} next to itself with \`ditto --noqtn\` and change only the copy`,
    `app.asar › ${gateFile} at byte ${gate.start}: \`${gate.original}\` → \`${gate.replacement}\``,
    `    reads: …${gateContext(plan).replace(PATCH_MARKER, '/*codex-shim…*/')}…`,
    'repack app.asar with @electron/asar: same entries, order, executable and unpacked flags; every other file keeps its bytes; new per-file integrity',
  ]
  const entry = inspection.plistEntry
  const format = inspection.info.isBinary ? ' (the binary plist is written back as XML)' : ''
  if (entry)
    edits.push(
      `Info.plist › ElectronAsarIntegrity › Resources/app.asar › hash: ${entry.hash} → ${values.newHeaderHash}${format}`,
    )
  else edits.push(`Info.plist: unchanged (no ASAR integrity hash; the new header hash is ${values.newHeaderHash})`)
  const used = inspection.digests.filter((digest) => digest.slots.state === 'on')
  for (const { framework, slots } of used) {
    const offsets = slots.state === 'on' ? slots.offsets : []
    const old = slots.state === 'on' ? slots.digest.toString('hex') : '?'
    edits.push(
      `${framework.label}: integrity digest in ${offsets.length} slice${offsets.length === 1 ? '' : 's'} (bytes ${offsets.join(', ')}): ${old} → ${values.newDigest ?? '?'}`,
    )
  }
  const frameworks = used.map(({ framework }) => relative(inspection.app, framework.framework))
  if (frameworks.length > 0)
    edits.push(`re-sign ad hoc: ${frameworks.join(', ')}, then the helper apps in Contents/Frameworks (they load it)`)
  edits.push(
    're-sign the app ad hoc with its own entitlements, minus the team-bound ones, plus com.apple.security.cs.disable-library-validation (no --deep)',
    'check with `codesign --verify --deep --strict`',
    `move the original app to ${plan.backupApp} (the backup for ${plan.version}) and the patched copy into its place`,
  )
  return edits
}
