import { hostPlatform, killTree, type Platform } from '../platform'

type SignalPlatform = Pick<Platform, 'os' | 'exec' | 'kill'>

export function isProcessAlive(pid: number, platform: Pick<Platform, 'kill'> = hostPlatform()): boolean {
  try {
    // Signal 0 is a liveness test on every OS, Windows included (OpenProcess plus an exit-code check).
    platform.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means the pid is taken.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface TerminateOptions {
  platform?: SignalPlatform
  /**
   * Asks the process to stop itself (the daemon's control channel); resolves true once the request was accepted.
   * This is the only graceful stop on Windows, where every signal but 0 is TerminateProcess.
   */
  askToStop?: () => Promise<boolean>
}

/**
 * Stops a process: gracefully first (`askToStop`, else SIGTERM where signals exist), then, after `graceMs`, for
 * good (SIGKILL; on Windows `taskkill /T /F`, which takes its children with it). Resolves true once it is gone (or
 * no longer ours). Pids are reused, so `isStillOurs` is asked before each step: a pid that now belongs to another
 * program is left alone.
 */
export async function terminate(
  pid: number,
  graceMs: number,
  isStillOurs: () => Promise<boolean> = async () => true,
  options: TerminateOptions = {},
): Promise<boolean> {
  const platform = options.platform ?? hostPlatform()
  if (!isProcessAlive(pid, platform) || !(await isStillOurs())) return true
  const isAsked = options.askToStop !== undefined && (await options.askToStop().catch(() => false))
  // Windows has no signal that lets a process clean up, so without a request there is nothing gentle to try.
  const isGentle = isAsked || platform.os !== 'win32'
  if (!isAsked && platform.os !== 'win32') signal(pid, 'SIGTERM', platform)
  if (isGentle) {
    if (await waitForExit(pid, graceMs, platform)) return true
    if (!(await isStillOurs())) return true
  }
  await killTree(pid, platform)
  return waitForExit(pid, 2000, platform)
}

function signal(pid: number, name: NodeJS.Signals, platform: SignalPlatform): void {
  try {
    platform.kill(pid, name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

async function waitForExit(pid: number, timeoutMs: number, platform: Pick<Platform, 'kill'>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid, platform)) return true
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return !isProcessAlive(pid, platform)
}
