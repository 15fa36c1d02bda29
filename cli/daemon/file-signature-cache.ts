import { stat } from 'node:fs/promises'

/**
 * Re-reads a file only when its size, mtime or inode changed, so a request pays for one `stat`, not a parse,
 * while edits still show up on the next request. `load` is called with `undefined` when the file is missing.
 */
export function createFileSignatureCache<T>(path: string, load: (exists: boolean) => Promise<T>) {
  let cached: { signature: string; value: T } | undefined
  return async function get(): Promise<T> {
    const signature = await signatureOf(path)
    if (cached?.signature === signature) return cached.value
    const value = await load(signature !== 'missing')
    cached = { signature, value }
    return value
  }
}

async function signatureOf(path: string): Promise<string> {
  try {
    const info = await stat(path, { bigint: true })
    return `${info.ino}:${info.size}:${info.mtimeNs}`
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw error
  }
}
