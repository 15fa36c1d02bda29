import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/** How long a rename keeps retrying while another process holds the file (Windows: an editor, an indexer, AV). */
const RENAME_RETRY_MS = [25, 50, 100, 200, 400, 800]

/**
 * Writes through a temporary file in the same directory and renames it into place, so a reader (or a crash)
 * sees the old content or the new, never half of it.
 */
export async function writeFileAtomic(
  path: string,
  content: string,
  mode = 0o644,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  const directory = dirname(path)
  await mkdir(directory, { recursive: true })
  const temporary = join(directory, `.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, content, { mode })
    await renameWithRetry(temporary, path, platform)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/** On Windows a rename over a file another process has open fails with EPERM/EBUSY until it lets go. */
async function renameWithRetry(from: string, to: string, platform: NodeJS.Platform): Promise<void> {
  for (const delay of platform === 'win32' ? RENAME_RETRY_MS : []) {
    try {
      return await rename(from, to)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES') throw error
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
  await rename(from, to)
}
