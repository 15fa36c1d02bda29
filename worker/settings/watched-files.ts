import type { WatchedFile } from '../../shared/host-protocol'
import type { Bindings } from '../env'

/**
 * Whether every file a snapshot was built from still holds the bytes it held then: each is read through a
 * read-only disk binding of a directory of links to those files (workerd reads it itself, about 25 µs, where
 * asking the daemon is a round trip between processes of about 0.45 ms), and compared by SHA-256 with what the
 * daemon read. Any difference (`changed`), a file that cannot be read or a binding that is missing (`unknown`)
 * means "ask the daemon".
 */
export async function compareFiles(
  env: Bindings,
  files: readonly WatchedFile[],
): Promise<'unchanged' | 'changed' | 'unknown'> {
  const hashes = await Promise.all(files.map((file) => currentHash(env, file)))
  if (hashes.some((hash) => hash === undefined)) return 'unknown'
  return hashes.every((hash, index) => hash === files[index]?.sha256) ? 'unchanged' : 'changed'
}

/** The file's SHA-256 (hex), `null` when it does not exist, `undefined` when it could not be read. */
async function currentHash(env: Bindings, file: WatchedFile): Promise<string | null | undefined> {
  const directory = env[file.binding]
  if (directory === undefined) return undefined
  try {
    const response = await directory.fetch(`http://files/${encodeURIComponent(file.name)}`)
    if (response.status === 404) {
      await response.body?.cancel()
      return null
    }
    if (!response.ok) {
      await response.body?.cancel()
      return undefined
    }
    return hex(await crypto.subtle.digest('SHA-256', await response.arrayBuffer()))
  } catch {
    return undefined
  }
}

function hex(digest: ArrayBuffer): string {
  let text = ''
  for (const byte of new Uint8Array(digest)) text += byte.toString(16).padStart(2, '0')
  return text
}
