import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { secretsOfModel } from '../upstreams/redact-secrets'
import type { ServeOptions } from '../upstreams/serve-options'

const DEFAULT_TIMEOUT_MS = 300_000
const DEFAULT_HEADER_GRACE_MS = 1_500

function millisecondsFrom(value: string | undefined, fallback: number): number {
  const parsed = Number(value)
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback
}

/**
 * Timeouts (from bindings, for tests and tuning), the request summary, where background work may run, and the
 * gateway's own secrets, which no upstream message may echo back to a client or the log.
 */
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
    secrets: knownSecrets(c),
  }
}

/**
 * Every secret the gateway holds for this request: its token, the HOST secret, and every configured model's key
 * and extra_headers values (an upstream, or a proxy in front of several, may echo more than its own).
 */
function knownSecrets(c: Context<AppEnv>): string[] {
  const own = [c.env.CODEX_SHIM_ACCESS_TOKEN, c.env.CODEX_SHIM_HOST_SECRET].filter(
    (secret): secret is string => secret !== undefined && secret !== '',
  )
  const models = c.var.settings?.models ?? []
  return [...own, ...models.flatMap(secretsOfModel)]
}
