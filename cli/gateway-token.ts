import { randomBytes } from 'node:crypto'
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from './atomic-write'

const TOKEN_FILE = 'token'
const TOKEN_BYTES = 32
const TRUTHY_OFF = new Set(['off', '0', 'false', 'no', 'disabled'])

export function gatewayTokenPath(runtimeHomeDir: string): string {
  return join(runtimeHomeDir, TOKEN_FILE)
}

/** `CODEX_SHIM_AUTH=off` lets any local process use the gateway (and so the user's keys) without a token. */
export function isGatewayAuthOff(env: NodeJS.ProcessEnv): boolean {
  return TRUTHY_OFF.has((env.CODEX_SHIM_AUTH ?? '').trim().toLowerCase())
}

/**
 * The per-install token every gateway client must present, created on first use: 32 random bytes, base64url,
 * in `$CODEX_SHIM_HOME/token` readable by the user only. Two commands creating it at once agree on one token
 * (exclusive create; the loser reads the winner's). An empty or damaged file is replaced.
 */
export async function ensureGatewayToken(runtimeHomeDir: string): Promise<string> {
  const path = gatewayTokenPath(runtimeHomeDir)
  const existing = await readToken(path)
  if (existing !== undefined) return existing
  await mkdir(runtimeHomeDir, { recursive: true })
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  try {
    const handle = await open(path, 'wx', 0o600)
    try {
      await handle.writeFile(`${token}\n`)
    } finally {
      await handle.close()
    }
    return token
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  // Someone else created it first (or it exists but holds no usable token): theirs wins, else a fresh one.
  const winner = await readToken(path)
  if (winner !== undefined) return winner
  await writeFileAtomic(path, `${token}\n`, 0o600)
  return token
}

async function readToken(path: string): Promise<string | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const token = text.trim()
  if (!/^[A-Za-z0-9_.~+/=-]{16,}$/.test(token)) return undefined
  await restrictToOwner(path)
  return token
}

/** A token others can read is a token others can use: the file is kept at 0600 (POSIX; Windows has ACLs). */
async function restrictToOwner(path: string): Promise<void> {
  if (process.platform === 'win32') return
  const info = await stat(path)
  if ((info.mode & 0o077) !== 0) await chmod(path, 0o600)
}
