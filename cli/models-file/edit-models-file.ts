import { copyFile, mkdir, readdir, readFile, realpath, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { writeFileAtomic } from '../atomic-write'
import { withFileLock } from '../file-lock'
import { UserError } from '../user-error'
import { mergeGeneratedRows, type GeneratedRows, type GeneratedRowsChange } from './merge-generated-rows'

const KEPT_BACKUPS = 10

export interface ModelsFileEdit extends GeneratedRowsChange {
  path: string
  isChanged: boolean
  isCreated: boolean
  backup?: string
}

/** What writing `generated` would change, without writing (`--dry-run`). */
export async function previewGeneratedRows(path: string, generated: GeneratedRows): Promise<ModelsFileEdit> {
  const current = await readModelsText(path)
  const change = mergeOrExplain(path, current, generated)
  return {
    ...change,
    path,
    isChanged: change.text !== undefined,
    isCreated: current === undefined && change.text !== undefined,
  }
}

/**
 * The one way codex-shim writes models.json: under an exclusive lock, re-read (so an edit made while we were
 * probing is kept), merged as text, checked, backed up and written atomically to the link's target.
 */
export async function writeGeneratedRows(
  path: string,
  backupDir: string,
  generated: GeneratedRows,
): Promise<ModelsFileEdit> {
  const target = await realpath(path).catch(() => path)
  return withFileLock(
    `${target}.codex-shim.lock`,
    async () => {
      const current = await readModelsText(target)
      const change = mergeOrExplain(path, current, generated)
      if (change.text === undefined) return { ...change, path, isChanged: false, isCreated: false }
      const backup = current === undefined ? undefined : await backupModelsFile(target, backupDir)
      const mode = await stat(target).then(
        (info) => info.mode & 0o777,
        () => 0o600,
      )
      await writeFileAtomic(target, change.text, mode).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
          throw new UserError(
            `${path} cannot be written (${code}). Nothing was changed.`,
            `Make ${target} writable, then run the command again.`,
          )
        throw error
      })
      return { ...change, path, isChanged: true, isCreated: current === undefined, ...(backup ? { backup } : {}) }
    },
    { purpose: `changing ${path}` },
  )
}

async function readModelsText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new UserError(
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Nothing was changed.`,
    )
  }
}

function mergeOrExplain(path: string, current: string | undefined, generated: GeneratedRows): GeneratedRowsChange {
  const merged = mergeGeneratedRows(current, generated)
  if (!merged.ok)
    throw new UserError(`${path} ${merged.error}. Nothing was changed.`, 'Fix the file, then run the command again.')
  if (merged.value.text !== undefined) {
    try {
      JSON.parse(merged.value.text)
    } catch {
      throw new UserError(
        `Merging the new rows into ${path} did not give valid JSON. Nothing was changed; please report this.`,
      )
    }
  }
  return merged.value
}

async function backupModelsFile(target: string, backupDir: string): Promise<string> {
  await mkdir(backupDir, { recursive: true })
  const name = basename(target)
  const backup = join(backupDir, `${name}.${new Date().toISOString().replace(/[:.]/g, '-')}`)
  await copyFile(target, backup)
  const backups = (await readdir(backupDir)).filter((entry) => entry.startsWith(`${name}.`)).sort()
  for (const old of backups.slice(0, Math.max(0, backups.length - KEPT_BACKUPS)))
    await rm(join(backupDir, old), { force: true })
  return backup
}
