import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { isProcessAlive } from './daemon/process-info'
import { UserError } from './user-error'

export interface FileLockOptions {
  /** What the lock protects, for the message when it stays taken: "changing ~/.codex/config.toml". */
  purpose: string
  timeoutMs?: number
  /** A lock older than this whose holder we cannot see is taken over (its process was killed). */
  staleMs?: number
}

interface LockContent {
  pid: number
  nonce: string
  at: number
}

const POLL_MS = 30
/** A lock file is written right after it is created; one still empty after this long was left half-made. */
const HALF_MADE_MS = 2000

/**
 * Runs `work` while holding an exclusive lock file (created with O_EXCL, so exactly one process gets it).
 * Others wait their turn; a lock left by a process that died is taken over, never one whose holder still runs.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, options: FileLockOptions): Promise<T> {
  const mine: LockContent = { pid: process.pid, nonce: randomBytes(8).toString('hex'), at: Date.now() }
  await acquire(lockPath, mine, options)
  try {
    return await work()
  } finally {
    const current = await readLock(lockPath)
    if (current !== 'missing' && current.content?.nonce === mine.nonce) await rm(lockPath, { force: true })
  }
}

async function acquire(lockPath: string, mine: LockContent, options: FileLockOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000)
  await mkdir(dirname(lockPath), { recursive: true })
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600)
      try {
        await handle.writeFile(JSON.stringify(mine))
      } finally {
        await handle.close()
      }
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = await readLock(lockPath)
    if (holder !== 'missing' && isAbandoned(holder, options.staleMs ?? 60_000)) {
      // Re-read right before removing, so a lock someone else just took over is not removed as well.
      const again = await readLock(lockPath)
      if (again !== 'missing' && again.content?.nonce === holder.content?.nonce) await rm(lockPath, { force: true })
      continue
    }
    if (Date.now() > deadline) {
      throw new UserError(
        `Another codex-shim command${holder !== 'missing' && holder.content ? ` (pid ${holder.content.pid})` : ''} is ${options.purpose}.`,
        `Try again when it has finished. If no such command runs, delete ${lockPath}.`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

function isAbandoned(holder: { content?: LockContent; ageMs: number }, staleMs: number): boolean {
  if (holder.content === undefined) return holder.ageMs > HALF_MADE_MS
  return !isProcessAlive(holder.content.pid) || Date.now() - holder.content.at > staleMs
}

/** The lock's content (undefined while it is created but not yet written, or damaged) and the file's age. */
async function readLock(lockPath: string): Promise<{ content?: LockContent; ageMs: number } | 'missing'> {
  let text: string
  let ageMs: number
  try {
    ageMs = Date.now() - (await stat(lockPath)).mtimeMs
    text = await readFile(lockPath, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw error
  }
  try {
    const value = JSON.parse(text) as Partial<LockContent>
    const isValid = typeof value.pid === 'number' && typeof value.nonce === 'string' && typeof value.at === 'number'
    return { content: isValid ? (value as LockContent) : undefined, ageMs }
  } catch {
    // Empty (its creator has not written it yet) or damaged: judged by its age alone.
    return { ageMs }
  }
}
