import { type Context, Hono } from 'hono'
import { endsWithCompactionTrigger, expandOwnCompactions, packCompaction } from '../canonical/compaction'
import { createResponsesStreamWriter } from '../canonical/responses-stream-writer'
import type { AppEnv } from '../env'
import { jsonResponse } from '../http/json-response'
import { encodeResponsesEvent, SSE_HEADERS } from '../protocol/encode-sse'
import type { ResponsesUsage } from '../protocol/responses-usage'
import { autoRouterFor, markRouted, routeRequest } from '../routing/route-request'
import { rememberedModel } from '../router/route-auto'
import { loadSettingsWithBody } from '../settings/load-settings'
import { adapterFor } from '../upstreams/adapter-for'
import { serveChatgptPassthrough } from '../upstreams/chatgpt/serve-chatgpt'
import { cursorCompactionSummary } from '../upstreams/cursor/cursor-compaction'
import { serveCursorTurn } from '../upstreams/cursor/serve-cursor'
import { relayResponses, responsesRelayAdapter } from '../upstreams/responses'
import { serveThroughUpstream, type ServeOptions } from '../upstreams/serve-through-upstream'
import type { ResolvedModel, SettingsSnapshot } from '../../shared/host-protocol'
import { prebuildPlan, prebuiltPlanFor } from '../routing/prebuilt-plan'
import { summarizeConversation } from '../upstreams/summarize-conversation'
import { requestedModel } from './requested-model'
import { serveOptionsOf } from './serve-options'

/** `POST /v1/responses`: Codex's endpoint. Routes by model slug and serves through the model's upstream. */
export const responsesRoute = new Hono<AppEnv>().post('/', loadSettingsWithBody(prebuildTurn), async (c) => {
  const { value: body, bytes } = c.var.requestBody
  const route = await routeRequest(c, requestedModel(body, c.var.settings.managedModel), () => body, bytes.byteLength)
  if (route.kind === 'chatgpt') {
    c.var.summary.slug = route.slug
    c.var.summary.route = 'chatgpt'
    return serveChatgptPassthrough({
      env: c.env,
      headers: c.req.raw.headers,
      body,
      bytes,
      slug: route.slug,
      options: serveOptionsOf(c),
    })
  }
  if (route.kind === 'cursor') {
    c.var.summary.slug = route.model.slug
    c.var.summary.route = 'cursor'
    body.input = expandOwnCompactions(body.input)
    if (endsWithCompactionTrigger(body.input))
      return compactionAnswer(body, route.model.slug, cursorCompactionSummary(body))
    return serveCursorTurn({
      env: c.env,
      headers: c.req.raw.headers,
      body,
      model: route.model,
      mode: route.mode,
      options: serveOptionsOf(c),
    })
  }
  const adapter = adapterFor(route.model)
  // A Responses upstream's stream needs no translation for Codex: it is relayed, our own items unpacked on the way up.
  const isRelay = route.model.provider === 'responses' && body.stream === true
  c.var.summary.slug = route.routedBy ?? route.model.slug
  c.var.summary.route =
    route.routedBy !== undefined ? `auto:${route.model.slug}` : isRelay ? responsesRelayAdapter.name : adapter.name
  body.input = expandOwnCompactions(body.input)
  if (endsWithCompactionTrigger(body.input))
    return markRouted(route, await serveRemoteCompaction(body, route.model, serveOptionsOf(c)))
  if (isRelay) return markRouted(route, await relayResponses(body, route.model, serveOptionsOf(c)))
  const plan = prebuiltPlanFor(c.var.prebuiltPlan, {
    settings: c.var.settings,
    model: route.model,
    body,
    adapterName: adapter.name,
  })
  return markRouted(route, await serveThroughUpstream(adapter, body, route.model, { ...serveOptionsOf(c), plan }))
})

/**
 * While the settings are confirmed: the turn translated for the model it names, or, for the auto router's slug,
 * for the model this isolate remembers the task's decision for (a tool round trip of a decided turn).
 */
function prebuildTurn(c: Context<AppEnv>, held: SettingsSnapshot & { ok: true }): void | Promise<void> {
  const body = c.var.requestBody.value
  const requested = requestedModel(body, held.managedModel)
  const prebuild = (slug: string) => {
    const prebuilt = prebuildPlan(held, body, slug, serveOptionsOf(c).secrets)
    if (prebuilt !== undefined) c.set('prebuiltPlan', prebuilt)
  }
  const router = autoRouterFor(held, c.env, requested)
  if (router === undefined) return prebuild(requested)
  return rememberedModel(router, held.models, { headers: c.req.raw.headers, body }).then((model) => {
    if (model !== undefined) prebuild(model.slug)
  })
}

/**
 * Remote compaction v2 (`capabilities.remote_compaction = "v2"`): the request ends in `compaction_trigger`, and
 * Codex expects exactly one `compaction` item back. Ours holds a summary the model wrote, in our envelope; when
 * Codex sends it back, `expandOwnCompactions` turns it into context for the upstream.
 */
async function serveRemoteCompaction(
  body: Record<string, unknown>,
  model: ResolvedModel,
  options: ServeOptions,
): Promise<Response> {
  const { summary, usage } = await summarizeConversation(adapterFor(model), body, model, options)
  return compactionAnswer(body, model.slug, summary, usage)
}

/** Exactly one `compaction` item, holding the summary in our envelope; streamed when the request streams. */
function compactionAnswer(
  body: Record<string, unknown>,
  slug: string,
  summary: string,
  usage?: ResponsesUsage | null,
): Response {
  const events: string[] = []
  const writer = createResponsesStreamWriter({ model: slug, emit: (event) => events.push(encodeResponsesEvent(event)) })
  writer.addCompaction(packCompaction(summary))
  if (usage) writer.setUsage(usage)
  writer.complete()
  return body.stream === true
    ? new Response(events.join(''), { headers: SSE_HEADERS })
    : jsonResponse(writer.finalResponse())
}
