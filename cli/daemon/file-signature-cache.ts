import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

/** What reading a file gave: its text, nothing because it does not exist, or an error. */
export type FileRead = { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'unreadable'; error: Error }

export interface SignedValue<T> {
  /** Changes whenever the file does (inode, size or mtime); `missing` while there is no file. */
  signature: string
  value: T
  /**
   * SHA-256, hex, of the bytes `value` was made from (null: there was no file), so the worker can tell by reading
   * the file itself whether `value` is still what the file says. Absent when the value did not come from one read.
   */
  sha256?: string | null
}

/**
 * Re-reads a file only when its size, mtime or inode changed, so a request pays for one `stat`, not a parse,
 * while edits still show up on the next request. `load` gets what one read of the file gave.
 */
export function createFileSignatureCache<T>(path: string, load: (read: FileRead) => T | Promise<T>) {
  let cached: SignedValue<T> | undefined
  /** `reread`: read even if the stat looks the same (a same-size rewrite within one timestamp tick does). */
  return async function get(reread = false): Promise<SignedValue<T>> {
    const signature = signatureOf(path)
    if (!reread && cached?.signature === signature) return cached
    const { read, sha256 } = signature === 'missing' ? { read: MISSING, sha256: null } : await readOnce(path)
    const value = await load(read)
    // Gone between the stat and the read: recorded as missing, as the next stat will see it.
    const seen = read.kind === 'missing' ? 'missing' : signature
    cached = { signature: seen, value, ...(sha256 === undefined ? {} : { sha256 }) }
    return cached
  }
}

const MISSING: FileRead = { kind: 'missing' }

/** One read: the text and the hash of exactly the bytes it was decoded from. */
async function readOnce(path: string): Promise<{ read: FileRead; sha256?: string | null }> {
  try {
    const bytes = await readFile(path)
    return {
      read: { kind: 'text', text: bytes.toString('utf8') },
      sha256: createHash('sha256').update(bytes).digest('hex'),
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { read: MISSING, sha256: null }
    return { read: { kind: 'unreadable', error: error as Error } }
  }
}

/**
 * Synchronous on purpose: it runs for every request's settings check, and a stat from the thread pool costs a
 * round trip through it (tens of microseconds, more under load) where the call itself takes a few.
 */
function signatureOf(path: string): string {
  try {
    const info = statSync(path, { bigint: true })
    return `${info.ino}:${info.size}:${info.mtimeNs}`
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw error
  }
}
