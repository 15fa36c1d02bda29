import { Hono, type Context } from 'hono'
import { anthropicEgress } from '../egress/anthropic-egress'
import type { AppEnv } from '../env'
import { jsonResponse } from '../http/json-response'
import { messagesToResponses } from '../ingress/messages-to-responses'
import {
  configuredRouteOnly,
  isAutoRouterSlug,
  markRouted,
  routeRequest,
  type RequestRoute,
} from '../routing/route-request'
import { loadSettingsWithBody } from '../settings/load-settings'
import { adapterFor } from '../upstreams/adapter-for'
import { serveSameFormat } from '../upstreams/same-format-passthrough'
import { serveThroughUpstream } from '../upstreams/serve-through-upstream'
import { requestedModel } from './requested-model'
import { serveOptionsOf } from './serve-options'

/** Rough tokens for text when no upstream can count: about four characters per token (an estimate, said so). */
const CHARS_PER_TOKEN = 4

/** The configured model a Messages request is for: by its slug, or the auto router's pick for its task. */
async function configuredModel(
  c: Context<AppEnv>,
  body: Record<string, unknown>,
  canonical: () => Record<string, unknown>,
  bytes: number,
): Promise<RequestRoute & { kind: 'byok' }> {
  const route = configuredRouteOnly(await routeRequest(c, requestedModel(body), canonical, bytes))
  c.var.summary.slug = route.routedBy ?? route.model.slug
  return route
}

const routeName = (route: RequestRoute & { kind: 'byok' }, name: string) =>
  route.routedBy === undefined ? name : `auto:${route.model.slug}`

/**
 * `POST /v1/messages` for Anthropic clients (Claude Code and the SDKs): Anthropic models get the request as it
 * is (model name, key and headers swapped in); chat and Responses models get it translated through the
 * canonical core and answer in Anthropic's stream or Message format.
 */
export const messagesRoute = new Hono<AppEnv>()
  .post('/', loadSettingsWithBody(), async (c) => {
    const { value: body, bytes } = c.var.requestBody
    let converted: Record<string, unknown> | undefined
    const canonical = () => (converted ??= messagesToResponses(body))
    const route = await configuredModel(c, body, canonical, bytes.byteLength)
    const model = route.model
    if (model.provider === 'anthropic') {
      c.var.summary.route = routeName(route, 'anthropic-passthrough')
      return markRouted(
        route,
        await serveSameFormat({
          model,
          body,
          incoming: c.req.raw.headers,
          endpoint: 'messages',
          options: serveOptionsOf(c),
        }),
      )
    }
    const adapter = adapterFor(model)
    c.var.summary.route = routeName(route, `messages→${adapter.name}`)
    return markRouted(
      route,
      await serveThroughUpstream(adapter, canonical(), model, { ...serveOptionsOf(c), egress: anthropicEgress }),
    )
  })
  .post('/count_tokens', loadSettingsWithBody(), async (c) => {
    const { value: body, bytes } = c.var.requestBody
    // Counting tokens is not a task to route: the router's slug gets the estimate, without calling a model.
    const model = isAutoRouterSlug(c, requestedModel(body))
      ? undefined
      : (await configuredModel(c, body, () => messagesToResponses(body), bytes.byteLength)).model
    if (model?.provider === 'anthropic') {
      c.var.summary.route = 'anthropic-passthrough'
      return serveSameFormat({
        model,
        body,
        incoming: c.req.raw.headers,
        endpoint: 'count_tokens',
        options: serveOptionsOf(c),
      })
    }
    // Chat-completions servers have no token counter: an honest estimate, marked as one.
    const text = JSON.stringify([body.system ?? '', body.messages ?? [], body.tools ?? []])
    return jsonResponse({ input_tokens: Math.ceil(text.length / CHARS_PER_TOKEN) }, 200, {
      'x-codex-shim-token-count': 'estimate',
    })
  })
