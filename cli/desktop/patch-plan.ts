import { basename, join } from 'node:path'
import { readAsarFile, forgetAsar } from './asar-archive'
import { backupDirFor } from './desktop-backups'
import { APP_ASAR_INTEGRITY_KEY, type AsarIntegrityEntry } from './info-plist'
import type { MacAppInspection } from './inspect-mac-app'
import { applyPickerGates, scanPickerGates, type PickerGate } from './picker-gate'

/** What a patch will do to one bundle, decided before anything is copied or written. */
export interface PatchPlan {
  inspection: MacAppInspection
  version: string
  gateFile: string
  gate: PickerGate
  /** The gate file after the edit, byte for byte the original elsewhere. */
  patchedScript: Buffer
  backupDir: string
  /** Where the original bundle goes, named so that it is no `.app`. */
  backupApp: string
}

export function planPatch(inspection: MacAppInspection, runtimeHome: string): PatchPlan {
  const { gate: finding, info } = inspection
  if (finding.kind !== 'filtering') throw new Error('there is no single picker gate to change')
  const version = info.version ?? info.build ?? 'unknown-version'
  const script = readAsarFile(inspection.asar, finding.place.file)
  forgetAsar(inspection.asar)
  const patched = applyPickerGates(script.toString('latin1'), [finding.place.gate])
  // The edit must leave exactly our rewrite and no gate behind, or the shapes were misread.
  const rescan = scanPickerGates(patched)
  if (rescan.patchedCount !== 1 || rescan.gates.some((gate) => !gate.isBypassed))
    throw new Error('the edited script does not read as patched')
  const backupDir = backupDirFor(runtimeHome, version)
  return {
    inspection,
    version,
    gateFile: finding.place.file,
    gate: finding.place.gate,
    patchedScript: Buffer.from(patched, 'latin1'),
    backupDir,
    backupApp: join(backupDir, `${basename(inspection.app)}.original`),
  }
}

/** Info.plist's integrity dictionary as it will be: only the app.asar hash changes. */
export function integrityAfter(plan: PatchPlan, newHeaderHash: string): Record<string, AsarIntegrityEntry> | undefined {
  const current = plan.inspection.info.asarIntegrity
  if (!current) return undefined
  const entry = current[APP_ASAR_INTEGRITY_KEY]
  return entry ? { ...current, [APP_ASAR_INTEGRITY_KEY]: { ...entry, hash: newHeaderHash } } : current
}

/** A few characters either side of the gate, as the dry run shows them. */
export function gateContext(plan: PatchPlan, width = 60): string {
  const source = plan.patchedScript.toString('latin1')
  const start = Math.max(0, plan.gate.start - width)
  const end = Math.min(source.length, plan.gate.start + plan.gate.replacement.length + width)
  return source.slice(start, end).replace(/\s+/g, ' ')
}
