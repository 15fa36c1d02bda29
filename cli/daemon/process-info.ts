import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means the pid is taken.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The process's command line, or undefined when it is gone or cannot be read. */
export async function commandLineOf(pid: number): Promise<string | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8')
    return raw.split('\0').join(' ').trim()
  } catch {
    // No /proc (macOS): ask ps. An empty answer means the process is gone.
  }
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)])
    return stdout.trim() || undefined
  } catch {
    return undefined
  }
}

/** Direct children of a process: /proc on Linux, pgrep elsewhere. */
export async function childPidsOf(pid: number): Promise<number[]> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`)
    const lists = await Promise.all(tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')))
    return lists.flatMap((list) => list.split(/\s+/).filter(Boolean).map(Number))
  } catch {
    // Not Linux: fall through to pgrep.
  }
  try {
    const { stdout } = await execFileAsync('pgrep', ['-P', String(pid)])
    return stdout.split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/**
 * Sends SIGTERM, waits, then SIGKILL; resolves true once the process is gone (or is no longer ours). Pids are
 * reused, so `isStillOurs` is asked before each signal: a pid that now belongs to another program is left alone.
 */
export async function terminate(pid: number, graceMs: number, isStillOurs: () => Promise<boolean> = async () => true): Promise<boolean> {
  if (!isProcessAlive(pid) || !(await isStillOurs())) return true
  signal(pid, 'SIGTERM')
  if (await waitForExit(pid, graceMs)) return true
  if (!(await isStillOurs())) return true
  signal(pid, 'SIGKILL')
  return waitForExit(pid, 2000)
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return !isProcessAlive(pid)
}
