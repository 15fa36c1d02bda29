import { forgetAsar, listAsarEntries, readAsarFile } from './asar-archive'
import { scanPickerGates, type PickerGate } from './picker-gate'

export interface GateInFile {
  file: string
  gate: PickerGate
}

export type GateFinding =
  | { kind: 'filtering'; place: GateInFile; isUnpacked: boolean }
  | { kind: 'bypassed'; places: GateInFile[] }
  | { kind: 'patched'; files: string[] }
  | { kind: 'missing'; scripts: number }
  | { kind: 'ambiguous'; places: GateInFile[] }

/**
 * Looks for the gate in the renderer's scripts (`webview/**.js`; every script outside node_modules for a
 * layout without that folder). Files are read as latin1, one byte per character, so an edit keeps every other
 * byte as it was, UTF-8 included.
 */
export function findPickerGate(archive: string): GateFinding {
  const entries = listAsarEntries(archive).filter((entry) => entry.kind === 'file' && entry.path.endsWith('.js'))
  const webview = entries.filter((entry) => entry.path.startsWith('webview/'))
  const scripts =
    webview.length > 0 ? webview : entries.filter((entry) => !entry.path.split('/').includes('node_modules'))
  const places: GateInFile[] = []
  const patchedFiles: string[] = []
  const unpacked = new Set<string>()
  for (const entry of scripts) {
    const scan = scanPickerGates(readAsarFile(archive, entry.path).toString('latin1'))
    for (const gate of scan.gates) places.push({ file: entry.path, gate })
    if (scan.patchedCount > 0) patchedFiles.push(entry.path)
    if (entry.isUnpacked) unpacked.add(entry.path)
  }
  forgetAsar(archive)
  if (patchedFiles.length > 0 && places.every((place) => place.gate.isBypassed))
    return { kind: 'patched', files: patchedFiles }
  if (places.length === 0) return { kind: 'missing', scripts: scripts.length }
  if (places.every((place) => place.gate.isBypassed)) return { kind: 'bypassed', places }
  const [only] = places
  if (places.length === 1 && only && patchedFiles.length === 0)
    return { kind: 'filtering', place: only, isUnpacked: unpacked.has(only.file) }
  return { kind: 'ambiguous', places }
}
