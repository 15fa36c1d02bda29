import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DesktopSystem } from './desktop-system'
import { isPlistDict, parsePlistXml, type PlistDict } from './plist-xml'

/** One entry of Info.plist's `ElectronAsarIntegrity`, keyed by the archive's path under Contents/. */
export interface AsarIntegrityEntry {
  algorithm: string
  hash: string
}

export interface InfoPlist {
  path: string
  bundleId?: string
  /** CFBundleShortVersionString, the version users see (e.g. 26.1002.3140). */
  version?: string
  /** CFBundleVersion. */
  build?: string
  executable?: string
  asarIntegrity?: Record<string, AsarIntegrityEntry>
  /** The XML text (converted by plutil when the file is binary), which is what a patch edits. */
  xml: string
  isBinary: boolean
}

export const APP_ASAR_INTEGRITY_KEY = 'Resources/app.asar'

export function infoPlistPath(appPath: string): string {
  return join(appPath, 'Contents', 'Info.plist')
}

export async function readInfoPlist(appPath: string, system: DesktopSystem): Promise<InfoPlist> {
  const path = infoPlistPath(appPath)
  const bytes = await readFile(path)
  const isBinary = bytes.subarray(0, 8).toString('latin1') === 'bplist00'
  const xml = isBinary ? await system.plistToXml(path) : bytes.toString('utf8')
  const root = parsePlistXml(xml)
  if (!isPlistDict(root)) throw new Error(`${path} does not hold a dictionary`)
  return {
    path,
    bundleId: stringField(root, 'CFBundleIdentifier'),
    version: stringField(root, 'CFBundleShortVersionString'),
    build: stringField(root, 'CFBundleVersion'),
    executable: stringField(root, 'CFBundleExecutable'),
    asarIntegrity: asarIntegrityOf(root),
    xml,
    isBinary,
  }
}

/**
 * Info.plist with the archive's hash replaced in place, so that every other byte stays the user's. The old hash is
 * a 64-digit hex string and must occur exactly once; anything else means a plist we do not understand.
 */
export function replaceAsarHash(xml: string, oldHash: string, newHash: string): string {
  const needle = `<string>${oldHash}</string>`
  const count = xml.split(needle).length - 1
  if (count !== 1) throw new Error(`Info.plist holds the app.asar hash ${count} times, expected once`)
  return xml.replace(needle, `<string>${newHash}</string>`)
}

function stringField(dict: PlistDict, key: string): string | undefined {
  const value = dict[key]
  return typeof value === 'string' ? value : undefined
}

function asarIntegrityOf(root: PlistDict): Record<string, AsarIntegrityEntry> | undefined {
  const integrity = root.ElectronAsarIntegrity
  if (!isPlistDict(integrity)) return undefined
  const entries: Record<string, AsarIntegrityEntry> = {}
  for (const [key, value] of Object.entries(integrity)) {
    if (!isPlistDict(value) || typeof value.algorithm !== 'string' || typeof value.hash !== 'string') continue
    entries[key] = { algorithm: value.algorithm, hash: value.hash }
  }
  return entries
}
