import { Hono } from 'hono'
import type { AppEnv, Bindings } from '../env'
import { GatewayError } from '../http/gateway-error'
import { readJsonObjectBody } from '../http/read-json-body'
import { resolveRoute } from '../routing/resolve-route'
import { loadSettings } from '../settings/load-settings'
import { anthropicAdapter } from '../upstreams/anthropic'
import { openAiChatAdapter } from '../upstreams/openai-chat'
import { serveThroughUpstream } from '../upstreams/serve-through-upstream'

const DEFAULT_TIMEOUT_MS = 300_000
const DEFAULT_HEADER_GRACE_MS = 1_500

function millisecondsFrom(value: string | undefined, fallback: number): number {
  const parsed = Number(value)
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback
}

function waitUntilOf(c: { executionCtx: ExecutionContext }): (promise: Promise<unknown>) => void {
  try {
    const context = c.executionCtx
    return (promise) => context.waitUntil(promise)
  } catch {
    // No execution context (a plain app.request in tests): the promise runs on its own.
    return () => undefined
  }
}

function timeoutsFrom(env: Bindings) {
  return {
    timeoutMs: millisecondsFrom(env.CODEX_SHIM_UPSTREAM_TIMEOUT_MS, DEFAULT_TIMEOUT_MS),
    headerGraceMs: millisecondsFrom(env.CODEX_SHIM_HEADER_GRACE_MS, DEFAULT_HEADER_GRACE_MS),
  }
}

/** `POST /v1/responses`: Codex's endpoint. Routes by model slug and serves through the model's upstream. */
export const responsesRoute = new Hono<AppEnv>().use(loadSettings()).post('/', async (c) => {
  const body = await readJsonObjectBody(c.req.raw)
  const requested = body.model
  if (typeof requested !== 'string' || requested.trim() === '') {
    throw new GatewayError(400, 'invalid_model', 'model: expected a string naming a configured model slug.')
  }
  const route = resolveRoute(c.var.settings, requested)
  c.var.summary.slug = route.kind === 'byok' ? route.model.slug : route.slug
  if (route.kind === 'chatgpt') {
    c.var.summary.route = 'chatgpt'
    throw new GatewayError(501, 'route_not_available', `Serving "${requested}" through the ChatGPT passthrough is not available in this build yet.`)
  }
  const options = { summary: c.var.summary, waitUntil: waitUntilOf(c), ...timeoutsFrom(c.env) }
  if (route.model.provider === 'anthropic') {
    c.var.summary.route = anthropicAdapter.name
    return serveThroughUpstream(anthropicAdapter, body, route.model, options)
  }
  c.var.summary.route = openAiChatAdapter.name
  return serveThroughUpstream(openAiChatAdapter, body, route.model, options)
})
