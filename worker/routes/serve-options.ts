import type { Context } from 'hono'
import type { AppEnv } from '../env'
import type { ServeOptions } from '../upstreams/serve-through-upstream'

const DEFAULT_TIMEOUT_MS = 300_000
const DEFAULT_HEADER_GRACE_MS = 1_500

function millisecondsFrom(value: string | undefined, fallback: number): number {
  const parsed = Number(value)
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback
}

/** Timeouts (from bindings, for tests and tuning), the request summary, and where background work may run. */
export function serveOptionsOf(c: Context<AppEnv>): ServeOptions {
  let waitUntil: ServeOptions['waitUntil'] = () => undefined
  try {
    const context = c.executionCtx
    waitUntil = (promise) => context.waitUntil(promise)
  } catch {
    // No execution context (a plain app.request in tests): the promise runs on its own.
  }
  return {
    summary: c.var.summary,
    waitUntil,
    timeoutMs: millisecondsFrom(c.env.CODEX_SHIM_UPSTREAM_TIMEOUT_MS, DEFAULT_TIMEOUT_MS),
    headerGraceMs: millisecondsFrom(c.env.CODEX_SHIM_HEADER_GRACE_MS, DEFAULT_HEADER_GRACE_MS),
  }
}
