import { Hono, type Context } from 'hono'
import type { ResolvedModel } from '../../shared/host-protocol'
import { anthropicEgress } from '../egress/anthropic-egress'
import type { AppEnv } from '../env'
import { GatewayError } from '../http/gateway-error'
import { jsonResponse } from '../http/json-response'
import { readJsonObjectBody } from '../http/read-json-body'
import { messagesToResponses } from '../ingress/messages-to-responses'
import { resolveRoute } from '../routing/resolve-route'
import { loadSettings } from '../settings/load-settings'
import { openAiChatAdapter } from '../upstreams/openai-chat'
import { serveSameFormat } from '../upstreams/same-format-passthrough'
import { serveThroughUpstream } from '../upstreams/serve-through-upstream'
import { requestedModel } from './requested-model'
import { serveOptionsOf } from './serve-options'

/** Rough tokens for text when no upstream can count: about four characters per token (an estimate, said so). */
const CHARS_PER_TOKEN = 4

function configuredModel(c: Context<AppEnv>, body: Record<string, unknown>): ResolvedModel {
  const route = resolveRoute(c.var.settings, requestedModel(body))
  if (route.kind === 'chatgpt') throw new GatewayError(400, 'unsupported_route', `${route.slug} speaks only the Responses API; use a configured model here.`)
  c.var.summary.slug = route.model.slug
  return route.model
}

/**
 * `POST /v1/messages` for Anthropic clients (Claude Code and the SDKs): Anthropic models get the request as it
 * is (model name, key and headers swapped in); chat models get it translated through the canonical core and
 * answer in Anthropic's stream or Message format.
 */
export const messagesRoute = new Hono<AppEnv>()
  .post('/', loadSettings(), async (c) => {
    const body = await readJsonObjectBody(c.req.raw)
    const model = configuredModel(c, body)
    if (model.provider === 'anthropic') {
      c.var.summary.route = 'anthropic-passthrough'
      return serveSameFormat({ model, body, incoming: c.req.raw.headers, endpoint: 'messages', options: serveOptionsOf(c) })
    }
    c.var.summary.route = `messages→${openAiChatAdapter.name}`
    return serveThroughUpstream(openAiChatAdapter, messagesToResponses(body), model, { ...serveOptionsOf(c), egress: anthropicEgress })
  })
  .post('/count_tokens', loadSettings(), async (c) => {
    const body = await readJsonObjectBody(c.req.raw)
    const model = configuredModel(c, body)
    if (model.provider === 'anthropic') {
      c.var.summary.route = 'anthropic-passthrough'
      return serveSameFormat({ model, body, incoming: c.req.raw.headers, endpoint: 'count_tokens', options: serveOptionsOf(c) })
    }
    // Chat-completions servers have no token counter: an honest estimate, marked as one.
    const text = JSON.stringify([body.system ?? '', body.messages ?? [], body.tools ?? []])
    return jsonResponse({ input_tokens: Math.ceil(text.length / CHARS_PER_TOKEN) }, 200, { 'x-codex-shim-token-count': 'estimate' })
  })
