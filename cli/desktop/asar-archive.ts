import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { posix } from 'node:path'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { AsarStreamType } from '@electron/asar'
import { lazyPackage } from '../lazy-package'

/** Only the Desktop commands read archives: the rest of the CLI, the daemon included, does not load the reader. */
const asar = lazyPackage<typeof import('@electron/asar')>('@electron/asar')

/** A node of the archive's JSON header (github.com/electron/asar, "Format"). */
interface HeaderNode {
  files?: Record<string, HeaderNode>
  size?: number
  offset?: string
  unpacked?: boolean
  executable?: boolean
  link?: string
}

export interface AsarEntry {
  /** POSIX path inside the archive, without a leading slash. */
  path: string
  kind: 'directory' | 'file' | 'link'
  size: number
  isUnpacked: boolean
  isExecutable: boolean
  /** For links: the target, relative to the archive's root. */
  link?: string
}

/**
 * SHA-256 (hex) of the header's JSON bytes, `[16, 16 + u32le@12)` of the file: what Info.plist's
 * ElectronAsarIntegrity holds and Electron checks (`ValidateIntegrityOrDie(header.c_str(), header.length())`,
 * reference/opencode-and-desktop.md §2.4). Read as raw bytes, so no decode and re-encode can change them.
 */
export async function asarHeaderHash(archive: string): Promise<string> {
  const file = await open(archive, 'r')
  try {
    const prefix = Buffer.alloc(16)
    const { bytesRead } = await file.read(prefix, 0, 16, 0)
    if (bytesRead !== 16) throw new Error(`${archive} is too short to be an ASAR archive`)
    const jsonLength = prefix.readUInt32LE(12)
    const json = Buffer.alloc(jsonLength)
    const read = await file.read(json, 0, jsonLength, 16)
    if (read.bytesRead !== jsonLength) throw new Error(`${archive} ends inside its header`)
    return createHash('sha256').update(json).digest('hex')
  } finally {
    await file.close()
  }
}

/** Every entry in header order (a directory before what it holds). */
export function listAsarEntries(archive: string): AsarEntry[] {
  const root = asar().getRawHeader(archive).header as HeaderNode
  const entries: AsarEntry[] = []
  const walk = (node: HeaderNode, prefix: string, isInUnpackedDir: boolean): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix === '' ? name : `${prefix}/${name}`
      const isUnpacked = child.unpacked === true || isInUnpackedDir
      const kind = child.files !== undefined ? 'directory' : child.link !== undefined ? 'link' : 'file'
      entries.push({
        path,
        kind,
        size: child.size ?? 0,
        isUnpacked,
        isExecutable: child.executable === true,
        link: child.link,
      })
      if (kind === 'directory') walk(child, path, isUnpacked)
    }
  }
  walk(root, '', false)
  return entries
}

/** A file's bytes, from the archive or from its `.unpacked` folder. */
export function readAsarFile(archive: string, path: string): Buffer {
  return asar().extractFile(archive, path, false)
}

/** @electron/asar caches each archive's header by path; a patch reads, rewrites and rereads the same paths. */
export function forgetAsar(archive: string): void {
  asar().uncache(archive)
}

/**
 * Writes a new archive at `destination` with the entries of `source` in the same order and with the same
 * unpacked and executable flags, the files in `replacements` changed. @electron/asar writes the header, the
 * offsets and every file's integrity (SHA-256 over 4 MiB blocks). Unpacked files are written again under
 * `<destination>.unpacked`; the caller keeps the bundle's own copy, whose bytes are the same.
 */
export async function repackAsar(
  source: string,
  destination: string,
  replacements: ReadonlyMap<string, Buffer>,
): Promise<void> {
  const streams = listAsarEntries(source).map((entry) => toStream(source, entry, replacements))
  const output = await asar().createPackageFromStreams(destination, streams)
  // createPackageFromStreams resolves once it has called end(), before the bytes reach the disk.
  await finished(output)
  forgetAsar(source)
}

function toStream(source: string, entry: AsarEntry, replacements: ReadonlyMap<string, Buffer>): AsarStreamType {
  if (entry.kind === 'directory') return { type: 'directory', path: entry.path, unpacked: entry.isUnpacked }
  const stat = { mode: entry.isExecutable ? 0o755 : 0o644, size: entry.size }
  if (entry.kind === 'link') {
    const link = entry.link ?? ''
    // @electron/asar resolves a link's target against the link's own folder.
    const symlink = posix.relative(posix.dirname(entry.path), link)
    return {
      type: 'link',
      path: entry.path,
      unpacked: entry.isUnpacked,
      symlink,
      stat,
      streamGenerator: () => Readable.from([]),
    }
  }
  const replacement = replacements.get(entry.path)
  const bytes = () => replacement ?? readAsarFile(source, entry.path)
  return {
    type: 'file',
    path: entry.path,
    unpacked: entry.isUnpacked,
    stat: { ...stat, size: replacement?.length ?? entry.size },
    // Called twice per file (integrity, then the write), so each call makes a fresh stream.
    streamGenerator: () => Readable.from([bytes()], { objectMode: false }),
  }
}
