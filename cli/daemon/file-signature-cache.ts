import { statSync } from 'node:fs'

export interface SignedValue<T> {
  /** Changes whenever the file does (inode, size or mtime); `missing` while there is no file. */
  signature: string
  value: T
}

/**
 * Re-reads a file only when its size, mtime or inode changed, so a request pays for one `stat`, not a parse,
 * while edits still show up on the next request. `load` is called with `false` when the file is missing.
 */
export function createFileSignatureCache<T>(path: string, load: (exists: boolean) => Promise<T>) {
  let cached: SignedValue<T> | undefined
  return async function get(): Promise<SignedValue<T>> {
    const signature = signatureOf(path)
    if (cached?.signature === signature) return cached
    const value = await load(signature !== 'missing')
    cached = { signature, value }
    return cached
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
