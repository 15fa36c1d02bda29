import type { ChildProcess } from 'node:child_process'
import { createCursorHost } from './cursor-host'
import { createCursorSessions } from './cursor-sessions'
import { createCursorStatusCache } from './cursor-status'
import { recordCursorStatus, recordedCursorStatus } from './cursor-status-file'
import { killProcessTree } from './kill-process-tree'

export interface DaemonCursorOptions {
  env: NodeJS.ProcessEnv
  runtimeHome: string
  log: (line: string) => void
}

/**
 * Composer in the daemon: whether cursor-agent can serve (probed in the background, never on a request's path;
 * seeded with the last recorded status so a restart does not hide Composer until the first probe answers, and
 * recorded after each probe for the CLI's catalog), and the HOST endpoint that runs a turn.
 */
export async function createDaemonCursor(options: DaemonCursorOptions) {
  const initial = await recordedCursorStatus(options.runtimeHome, Number.POSITIVE_INFINITY)
  const status = createCursorStatusCache(options.env, {
    ...(initial ? { initial } : {}),
    onProbe: (probed) => void recordCursorStatus(options.runtimeHome, probed).catch(() => undefined), // the next probe records again
  })
  void status.refresh()
  const running = new Set<ChildProcess>()
  const turn = createCursorHost({
    env: options.env,
    status,
    sessions: createCursorSessions(options.runtimeHome),
    log: options.log,
    running,
    ...timeoutsFrom(options.env),
  })
  // Each run has a process group of its own (so its whole tree can be killed), which also means it would outlive
  // the daemon: every way the daemon ends takes the runs with it.
  const stopAll = () => {
    for (const child of running) killProcessTree(child)
  }
  process.once('exit', stopAll)
  return { status, turn, stopAll }
}

/** The turn timeout and idle watchdog, for tests and tuning: positive milliseconds, else the defaults. */
function timeoutsFrom(env: NodeJS.ProcessEnv): { turnTimeoutMs?: number; idleTimeoutMs?: number } {
  const ms = (value: string | undefined) => {
    const parsed = Number(value)
    return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined
  }
  const turnTimeoutMs = ms(env.CODEX_SHIM_CURSOR_TURN_TIMEOUT_MS)
  const idleTimeoutMs = ms(env.CODEX_SHIM_CURSOR_IDLE_TIMEOUT_MS)
  return { ...(turnTimeoutMs ? { turnTimeoutMs } : {}), ...(idleTimeoutMs ? { idleTimeoutMs } : {}) }
}
