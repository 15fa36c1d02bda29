import { spawn, type ChildProcess } from 'node:child_process'

const GRACE_MS = 500

/**
 * Ends a child and everything it started: cursor-agent is a wrapper around a Node process that runs shells, so
 * killing only the wrapper leaves orphans. On POSIX the child leads its own process group (spawned detached):
 * SIGTERM to the group, SIGKILL after a moment. On Windows, `taskkill /T /F` ends the tree.
 */
export function killProcessTree(child: ChildProcess, platform: NodeJS.Platform = process.platform): void {
  const pid = child.pid
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  if (platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () =>
      child.kill(),
    )
    return
  }
  signalGroup(pid, 'SIGTERM')
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) signalGroup(pid, 'SIGKILL')
  }, GRACE_MS).unref()
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // The group is gone already (or was never ours to signal): nothing is left to stop.
  }
}
