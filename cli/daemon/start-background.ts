import type { SpawnOptions } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { CLI_SCRIPT } from '../cli-script'
import { withFileLock } from '../file-lock'
import { UserError } from '../user-error'
import { claimPort } from './claim-port'
import { controlAddress, requestDaemonStop } from './control-channel'
import type { DaemonContext } from './daemon-context'
import { probeHealth } from './health-probe'
import { logLimitsFrom, openLogForAppend } from './log-file'
import { terminate } from './process-info'
import { assertWorkerdRuns } from './workerd-runs'

export interface BackgroundStart {
  isAlreadyRunning: boolean
  pid: number
  url: string
  logFile: string
}

/** Start-up includes loading Miniflare (~0.5 s) and workerd; slow CI machines get generous room. */
const READY_TIMEOUT_MS = 30_000
const POLL_INTERVAL_MS = 40

/** How long a second launch waits for a first one that is still starting the daemon. */
const START_LOCK_WAIT_MS = READY_TIMEOUT_MS + 15_000

/**
 * Spawns the daemon detached and returns only once its /health answers with the instance id we gave it. Two
 * launches at once (two `codex-shim codex` runs, say) take turns: the second finds the first's daemon and reuses it.
 */
export async function startBackground(context: DaemonContext): Promise<BackgroundStart> {
  assertWorkerdRuns(context.platform)
  return withFileLock(context.files.startLock, () => startWhileLocked(context), {
    purpose: 'starting the gateway',
    timeoutMs: START_LOCK_WAIT_MS,
    staleMs: START_LOCK_WAIT_MS,
  })
}

async function startWhileLocked(context: DaemonContext): Promise<BackgroundStart> {
  const url = `http://${context.host}:${context.port}`
  const claim = await claimPort(context)
  if (claim.kind === 'ours') {
    const health = await probeHealth(context.port)
    if (health?.instance === claim.record.instance) {
      return { isAlreadyRunning: true, pid: claim.record.pid, url, logFile: context.files.logFile }
    }
    throw new UserError(
      `The gateway (pid ${claim.record.pid}) is running but not answering on ${url}.`,
      'Run `codex-shim restart`.',
    )
  }

  const instance = randomUUID()
  const log = await openLogForAppend(context.files.logFile, context.files.logDir, logLimitsFrom(context.env))
  const args = [
    '--expose-gc',
    '--max-semi-space-size=1',
    CLI_SCRIPT,
    'start',
    '--foreground',
    '--port',
    String(context.port),
    '--instance',
    instance,
  ]
  if (context.settings.isExplicit) args.push('--settings', context.settings.path)
  const child = context.platform.spawn(context.platform.execPath, args, daemonSpawnOptions(log.fd, context.env))
  child.unref()
  await log.close()

  let exitCode: number | null | undefined
  child.once('exit', (code, signal) => {
    exitCode = code ?? (signal ? -1 : null)
  })
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new UserError(
        'The gateway exited during start-up.',
        `Its log says:\n${await tailOf(context.files.logFile)}`,
      )
    }
    const health = await probeHealth(context.port, 500)
    if (health?.instance === instance)
      return { isAlreadyRunning: false, pid: child.pid ?? 0, url, logFile: context.files.logFile }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS))
  }
  if (child.pid !== undefined) {
    const control = controlAddress(context.home, instance, context.platform)
    await terminate(child.pid, 2000, async () => true, {
      platform: context.platform,
      askToStop: () => requestDaemonStop(control, instance),
    })
  }
  throw new UserError(
    `The gateway did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s.`,
    `See ${context.files.logFile}.`,
  )
}

/**
 * Detached: the daemon outlives the terminal and is not in the user's Ctrl-C group (on Windows DETACHED_PROCESS: no
 * console at all, so no window of its own). windowsHide too, for what it covers: Windows allocates a visible console
 * for a console program started by a process without one, which is why workerd needs it as well (workerd-spawn.ts).
 * Not windowsHide without detached, as reference/windows.md §9 suggests: libuv only adds CREATE_NO_WINDOW when no
 * stdio is an inherited fd, and the log fds are, so that child would share the user's console and die with it.
 *
 * One glibc malloc arena: the daemon's work is one JavaScript thread, and the arenas the start-up's compiler and
 * GC threads leave behind kept 10–20 MiB resident for its whole life (the daemon's VmRSS after start 116 → 95–106
 * MiB; `npm run bench`, daemon + workerd idle: 187 → 165 MiB).
 * Other C libraries ignore the variable; a value the user set is kept.
 */
export function daemonSpawnOptions(logFd: number, env: NodeJS.ProcessEnv): SpawnOptions {
  return {
    detached: true,
    windowsHide: true,
    stdio: ['ignore', logFd, logFd],
    env: { MALLOC_ARENA_MAX: '1', ...env },
  }
}

async function tailOf(path: string, lines = 15): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '')
  return text
    .trimEnd()
    .split(/\r?\n/)
    .slice(-lines)
    .map((line) => `    ${line}`)
    .join('\n')
}
