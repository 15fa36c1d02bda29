import { Hono } from 'hono'
import { chatEgress } from '../egress/chat-egress'
import type { AppEnv } from '../env'
import { GatewayError } from '../http/gateway-error'
import { isRecord } from '../http/bad-request'
import { readJsonObjectBody } from '../http/read-json-body'
import { chatToResponses } from '../ingress/chat-to-responses'
import { resolveRoute } from '../routing/resolve-route'
import { loadSettings } from '../settings/load-settings'
import { anthropicAdapter } from '../upstreams/anthropic'
import { serveSameFormat } from '../upstreams/same-format-passthrough'
import { serveThroughUpstream } from '../upstreams/serve-through-upstream'
import { requestedModel } from './requested-model'
import { serveOptionsOf } from './serve-options'

/**
 * `POST /v1/chat/completions` for chat-completions clients: chat models get the request untouched (model name
 * and key swapped in); Anthropic models get it translated through the canonical core, tool calls and usage
 * included, and answer as chat completions.
 */
export const chatCompletionsRoute = new Hono<AppEnv>().post('/', loadSettings(), async (c) => {
  const body = await readJsonObjectBody(c.req.raw)
  const route = resolveRoute(c.var.settings, requestedModel(body))
  if (route.kind === 'chatgpt') throw new GatewayError(400, 'unsupported_route', `${route.slug} speaks only the Responses API; use a configured model here.`)
  const model = route.model
  c.var.summary.slug = model.slug
  if (model.provider !== 'anthropic') {
    c.var.summary.route = 'chat-passthrough'
    return serveSameFormat({ model, body, incoming: c.req.raw.headers, endpoint: 'chat', options: serveOptionsOf(c) })
  }
  c.var.summary.route = `chat→${anthropicAdapter.name}`
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true
  return serveThroughUpstream(anthropicAdapter, chatToResponses(body), model, { ...serveOptionsOf(c), egress: chatEgress({ includeUsage: includeUsage || body.stream !== true }) })
})
