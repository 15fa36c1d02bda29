import { copyFile, lstat, mkdir, readdir, readFile, readlink, realpath, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { parse, TomlError } from 'smol-toml'
import { writeFileAtomic } from '../atomic-write'
import { withFileLock } from '../file-lock'
import { UserError } from '../user-error'
import { ManagedBlockProblem } from './managed-config'

const KEPT_BACKUPS = 10
const MAX_LINK_HOPS = 40

export function codexConfigPath(codexHomeDir: string): string {
  return join(codexHomeDir, 'config.toml')
}

export interface ConfigEdit {
  path: string
  backup?: string
  isChanged: boolean
}

/**
 * The one way codex-shim changes Codex's config: under an exclusive lock (two commands at once take turns
 * instead of one undoing the other), read through any symlink (dotfile managers keep config.toml elsewhere),
 * refused unless it parses, changed by `edit`, checked to parse again, backed up, and written atomically to the
 * link's target, so the link stays a link.
 */
export async function editCodexConfig(
  path: string,
  backupDir: string,
  edit: (current: string) => string,
): Promise<ConfigEdit> {
  const target = await writeTargetOf(path)
  return withFileLock(
    `${target}.codex-shim.lock`,
    async () => {
      const current = await readCodexConfig(path)
      const next = applyEdit(path, current, edit)
      if (next === current) return { path, isChanged: false }
      assertParses(next, path, 'would not be valid TOML after the change (nothing was written; please report this)')
      const backup = current === '' ? undefined : await backupConfig(target, backupDir)
      await writeConfig(target, path, next)
      return { path, backup, isChanged: true }
    },
    { purpose: `changing ${path}` },
  )
}

/** The current text of Codex's config ('' when there is none), refused if it does not parse. */
export async function readCodexConfig(path: string): Promise<string> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw error
  }
  assertParses(text, path, 'is not valid TOML')
  return text
}

function applyEdit(path: string, current: string, edit: (current: string) => string): string {
  try {
    return edit(current)
  } catch (error) {
    if (!(error instanceof ManagedBlockProblem)) throw error
    throw new UserError(`${path} line ${error.line}: ${error.problem}. Nothing was changed.`, error.fix)
  }
}

/** The file a write must replace: config.toml itself, or what its symlink (chain) points at, even if missing. */
async function writeTargetOf(path: string): Promise<string> {
  let current = resolve(path)
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    const info = await lstat(current).catch(() => undefined)
    if (!info?.isSymbolicLink()) return hop === 0 ? current : await realpath(current).catch(() => current)
    current = resolve(dirname(current), await readlink(current))
  }
  throw new UserError(
    `${path} is a chain of more than ${MAX_LINK_HOPS} symbolic links.`,
    'Point it at a real file, then run the command again.',
  )
}

async function writeConfig(target: string, path: string, text: string): Promise<void> {
  // Keep the user's permissions on an existing file; a new one holds paths only we should read.
  const mode = await stat(target).then(
    (info) => info.mode & 0o777,
    () => 0o600,
  )
  try {
    await writeFileAtomic(target, text, mode)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UserError(
        `${path} cannot be written (${code}): it or its folder is read-only. Nothing was changed.`,
        `Make ${target} writable, then run the command again.`,
      )
    }
    throw error
  }
}

function assertParses(text: string, path: string, problem: string): void {
  try {
    parse(text)
  } catch (error) {
    // Only the position and the parser's first line: its excerpt of the file could show a token.
    const where = error instanceof TomlError ? ` (line ${error.line}, column ${error.column})` : ''
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
    const reason = firstLine.replace(/^Invalid TOML document:\s*/, '')
    throw new UserError(
      `${path} ${problem}${where}: ${reason}`,
      'Fix the file (your config was not changed), then run the command again.',
    )
  }
}

async function backupConfig(target: string, backupDir: string): Promise<string> {
  await mkdir(backupDir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const backup = join(backupDir, `config.toml.${stamp}`)
  await copyFile(target, backup)
  const backups = (await readdir(backupDir)).filter((name) => name.startsWith('config.toml.')).sort()
  for (const old of backups.slice(0, Math.max(0, backups.length - KEPT_BACKUPS)))
    await rm(join(backupDir, old), { force: true })
  return backup
}
