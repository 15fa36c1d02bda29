import { Hono } from 'hono'
import { chatEgress } from '../egress/chat-egress'
import type { AppEnv } from '../env'
import { isRecord } from '../http/bad-request'
import { chatToResponses } from '../ingress/chat-to-responses'
import { configuredRouteOnly, markRouted, routeRequest } from '../routing/route-request'
import { loadSettingsWithBody } from '../settings/load-settings'
import { adapterFor } from '../upstreams/adapter-for'
import { serveSameFormat } from '../upstreams/same-format-passthrough'
import { serveThroughUpstream } from '../upstreams/serve-through-upstream'
import { requestedModel } from './requested-model'
import { serveOptionsOf } from './serve-options'

/**
 * `POST /v1/chat/completions` for chat-completions clients: chat models get the request untouched (model name
 * and key swapped in); Anthropic and Responses models get it translated through the canonical core, tool calls
 * and usage included, and answer as chat completions.
 */
export const chatCompletionsRoute = new Hono<AppEnv>().post('/', loadSettingsWithBody(), async (c) => {
  const { value: body, bytes } = c.var.requestBody
  let converted: Record<string, unknown> | undefined
  const canonical = () => (converted ??= chatToResponses(body))
  const route = configuredRouteOnly(await routeRequest(c, requestedModel(body), canonical, bytes.byteLength))
  const model = route.model
  c.var.summary.slug = route.routedBy ?? model.slug
  const routeName = (name: string) => (route.routedBy === undefined ? name : `auto:${model.slug}`)
  if (model.provider === 'openai' || model.provider === 'generic-chat-completion-api') {
    c.var.summary.route = routeName('chat-passthrough')
    return markRouted(
      route,
      await serveSameFormat({ model, body, incoming: c.req.raw.headers, endpoint: 'chat', options: serveOptionsOf(c) }),
    )
  }
  const adapter = adapterFor(model)
  c.var.summary.route = routeName(`chat→${adapter.name}`)
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true
  return markRouted(
    route,
    await serveThroughUpstream(adapter, canonical(), model, {
      ...serveOptionsOf(c),
      egress: chatEgress({ includeUsage: includeUsage || body.stream !== true }),
    }),
  )
})
