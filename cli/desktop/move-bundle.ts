import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { DesktopSystem } from './desktop-system'

/**
 * Moves a bundle with one rename where it can (instant, and nothing half-copied); across volumes (a runtime home
 * on another disk) it copies with ditto, then removes the source.
 */
export async function moveBundle(system: DesktopSystem, from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true })
  try {
    await rename(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    await system.copyBundle(from, to)
    await rm(from, { recursive: true, force: true })
  }
}
