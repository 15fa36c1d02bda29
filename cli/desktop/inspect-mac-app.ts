import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { asarHeaderHash } from './asar-archive'
import type { DesktopSystem } from './desktop-system'
import { combineFuseReadings, readAsarIntegrityFuse, type FuseReading } from './electron-fuses'
import { findPickerGate, type GateFinding } from './find-picker-gate'
import { listFrameworkBinaries, type FrameworkBinary } from './framework-binaries'
import { APP_ASAR_INTEGRITY_KEY, readInfoPlist, type AsarIntegrityEntry, type InfoPlist } from './info-plist'
import { readDigestSlots, type DigestSlots } from './integrity-digest'

export interface FrameworkDigest {
  framework: FrameworkBinary
  slots: Exclude<DigestSlots, { state: 'absent' }>
}

/** Everything a status or a patch needs to know about one macOS bundle, read without changing a byte. */
export interface MacAppInspection {
  app: string
  info: InfoPlist
  asar: string
  headerHash: string
  /** Info.plist's entry for Resources/app.asar, when the app uses ASAR integrity. */
  plistEntry?: AsarIntegrityEntry
  fuse: FuseReading
  /** Frameworks that carry an Electron 41 digest slot. */
  digests: FrameworkDigest[]
  gate: GateFinding
}

export function appAsarPath(app: string): string {
  return join(app, 'Contents', 'Resources', 'app.asar')
}

export async function inspectMacApp(app: string, system: DesktopSystem): Promise<MacAppInspection> {
  const info = await readInfoPlist(app, system)
  const asar = appAsarPath(app)
  const headerHash = await asarHeaderHash(asar)
  const fuses: FuseReading[] = []
  const digests: FrameworkDigest[] = []
  for (const framework of await listFrameworkBinaries(app)) {
    const binary = await readFile(framework.binary)
    fuses.push(readAsarIntegrityFuse(binary))
    const slots = readDigestSlots(binary)
    if (slots.state !== 'absent') digests.push({ framework, slots })
  }
  return {
    app,
    info,
    asar,
    headerHash,
    plistEntry: info.asarIntegrity?.[APP_ASAR_INTEGRITY_KEY],
    fuse: combineFuseReadings(fuses),
    digests,
    gate: findPickerGate(asar),
  }
}
