import type { Platform } from './platform'

/**
 * How to end a process and everything it started. Windows does not end children with their parent, and
 * TerminateProcess on the parent alone leaves them running (workerd holding the port, codex.exe under node.exe), so
 * there it is `taskkill /T /F`, which walks the tree while the parent-child links still exist.
 */
export function treeKillCommand(pid: number, os: NodeJS.Platform): { file: string; args: string[] } | undefined {
  return os === 'win32' ? { file: 'taskkill', args: ['/PID', String(pid), '/T', '/F'] } : undefined
}

/**
 * Ends `pid` at once. POSIX: SIGKILL to the process only (its workerd is found and stopped separately, from the
 * daemon record, so nothing else in a shared process group is touched).
 */
export async function killTree(pid: number, platform: Pick<Platform, 'os' | 'exec' | 'kill'>): Promise<void> {
  const command = treeKillCommand(pid, platform.os)
  if (command === undefined) {
    try {
      platform.kill(pid, 'SIGKILL')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
    }
    return
  }
  // taskkill exits 128 when the process is already gone: the outcome we wanted, so it is not an error.
  await platform.exec(command.file, command.args, { timeoutMs: 10_000 }).catch(() => undefined)
}
