import type { CursorState } from '../../shared/cursor-protocol'
import { execCursorAgent } from './exec-cursor-agent'
import { locateCursorAgent } from './locate-cursor-agent'

const PROBE_TIMEOUT_MS = 20_000
const CACHE_MS = 30_000
const TRUTHY = new Set(['1', 'true', 'yes', 'on'])

export interface CursorStatus {
  state: CursorState
  binary?: string
  /** The account, for `codex-shim cursor status` (an email; never a token). */
  account?: string
}

export function isCursorDisabled(env: NodeJS.ProcessEnv): boolean {
  return TRUTHY.has((env.CODEX_SHIM_DISABLE_CURSOR ?? '').trim().toLowerCase())
}

/**
 * Whether Composer can be served: `cursor-agent status --format json` says `isAuthenticated`. The probe checks a
 * token with Cursor and can take many seconds, so it never runs on a request's path (see createCursorStatusCache).
 */
export async function probeCursorStatus(env: NodeJS.ProcessEnv): Promise<CursorStatus> {
  if (isCursorDisabled(env)) return { state: 'disabled' }
  const binary = await locateCursorAgent(env)
  if (binary === undefined) return { state: 'not_installed' }
  try {
    const stdout = await execCursorAgent(binary, ['status', '--format', 'json'], env, PROBE_TIMEOUT_MS)
    const status = JSON.parse(
      stdout
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .at(-1) ?? '{}',
    ) as { isAuthenticated?: unknown; userInfo?: { email?: unknown } }
    if (status.isAuthenticated !== true) return { state: 'logged_out', binary }
    return {
      state: 'available',
      binary,
      ...(typeof status.userInfo?.email === 'string' ? { account: status.userInfo.email } : {}),
    }
  } catch {
    // A crash, a timeout or text we cannot read: as far as we can tell, Cursor cannot serve right now.
    return { state: 'logged_out', binary }
  }
}

/**
 * The last known status, refreshed in the background once it is older than 30 s: a request never waits for the
 * probe, and a login or logout is seen within about half a minute. `onChange` lets the settings version move.
 */
export interface CursorStatusCacheOptions {
  probe?: (env: NodeJS.ProcessEnv) => Promise<CursorStatus>
  /** What to believe until the first probe answers (the last recorded status), so a restart does not hide Composer. */
  initial?: CursorStatus
  /** Told every probe's result (the daemon records it for the CLI's catalog). */
  onProbe?: (status: CursorStatus) => void
}

export function createCursorStatusCache(env: NodeJS.ProcessEnv, options: CursorStatusCacheOptions = {}) {
  const probe = options.probe ?? probeCursorStatus
  let current: CursorStatus = isCursorDisabled(env)
    ? { state: 'disabled' }
    : (options.initial ?? { state: 'not_installed' })
  let checkedAt = 0
  let pending: Promise<CursorStatus> | undefined
  function refresh(): Promise<CursorStatus> {
    pending ??= probe(env)
      .then((status) => {
        current = status
        checkedAt = Date.now()
        options.onProbe?.(status)
        return status
      })
      .finally(() => {
        pending = undefined
      })
    return pending
  }
  return {
    /** The status now, starting a background refresh when it is stale. */
    peek(): CursorStatus {
      if (Date.now() - checkedAt > CACHE_MS) void refresh()
      return current
    },
    refresh,
  }
}
