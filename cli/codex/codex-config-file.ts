import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, TomlError } from 'smol-toml'
import { writeFileAtomic } from '../atomic-write'
import { UserError } from '../user-error'

const KEPT_BACKUPS = 10

export function codexConfigPath(codexHomeDir: string): string {
  return join(codexHomeDir, 'config.toml')
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

/**
 * Replaces Codex's config with `next`: only if it parses, after a timestamped backup of the current file, through
 * a temporary file and a rename (never a half-written config).
 */
export async function writeCodexConfig(path: string, current: string, next: string, backupDir: string): Promise<string | undefined> {
  if (next === current) return undefined
  assertParses(next, path, 'would not be valid TOML after the change (nothing was written; please report this)')
  const backup = current === '' ? undefined : await backupConfig(path, backupDir)
  await writeFileAtomic(path, next, 0o600)
  return backup
}

function assertParses(text: string, path: string, problem: string): void {
  try {
    parse(text)
  } catch (error) {
    // Only the position and the parser's first line: its excerpt of the file could show a token.
    const where = error instanceof TomlError ? ` (line ${error.line}, column ${error.column})` : ''
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
    const reason = firstLine.replace(/^Invalid TOML document:\s*/, '')
    throw new UserError(`${path} ${problem}${where}: ${reason}`, 'Fix the file (your config was not changed), then run the command again.')
  }
}

async function backupConfig(path: string, backupDir: string): Promise<string> {
  await mkdir(backupDir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const target = join(backupDir, `config.toml.${stamp}`)
  await copyFile(path, target)
  const backups = (await readdir(backupDir)).filter((name) => name.startsWith('config.toml.')).sort()
  for (const old of backups.slice(0, Math.max(0, backups.length - KEPT_BACKUPS))) await rm(join(backupDir, old), { force: true })
  return target
}
