import { mkdir, open, rename, stat } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

/** Past this size the log is moved to `<name>.1` at the next start, so it never grows without bound. */
const ROTATE_AT_BYTES = 10 * 1024 * 1024

export async function openLogForAppend(path: string, directory: string): Promise<FileHandle> {
  await mkdir(directory, { recursive: true })
  try {
    if ((await stat(path)).size > ROTATE_AT_BYTES) await rename(path, `${path}.1`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  return open(path, 'a', 0o600)
}
