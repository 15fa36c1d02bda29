import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * Writes through a temporary file in the same directory and renames it into place, so a reader (or a crash)
 * sees the old content or the new, never half of it.
 */
export async function writeFileAtomic(path: string, content: string, mode = 0o644): Promise<void> {
  const directory = dirname(path)
  await mkdir(directory, { recursive: true })
  const temporary = join(directory, `.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, content, { mode })
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
