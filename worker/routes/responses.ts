import { Hono } from 'hono'
import { endsWithCompactionTrigger, expandOwnCompactions, packCompaction } from '../canonical/compaction'
import { createResponsesStreamWriter } from '../canonical/responses-stream-writer'
import type { AppEnv } from '../env'
import { jsonResponse } from '../http/json-response'
import { readJsonBody } from '../http/read-json-body'
import { encodeResponsesEvent, SSE_HEADERS } from '../protocol/encode-sse'
import { resolveRoute } from '../routing/resolve-route'
import { loadSettings } from '../settings/load-settings'
import { adapterFor } from '../upstreams/adapter-for'
import { serveChatgptPassthrough } from '../upstreams/chatgpt/serve-chatgpt'
import { serveThroughUpstream, type ServeOptions } from '../upstreams/serve-through-upstream'
import type { ResolvedModel } from '../../shared/host-protocol'
import { summarizeConversation } from '../upstreams/summarize-conversation'
import { requestedModel } from './requested-model'
import { serveOptionsOf } from './serve-options'

/** `POST /v1/responses`: Codex's endpoint. Routes by model slug and serves through the model's upstream. */
export const responsesRoute = new Hono<AppEnv>().post('/', loadSettings(), async (c) => {
  const { value: body, bytes } = await readJsonBody(c.req.raw)
  const route = resolveRoute(c.var.settings, requestedModel(body, c.var.settings.managedModel))
  if (route.kind === 'chatgpt') {
    c.var.summary.slug = route.slug
    c.var.summary.route = 'chatgpt'
    return serveChatgptPassthrough({ env: c.env, headers: c.req.raw.headers, body, bytes, slug: route.slug, options: serveOptionsOf(c) })
  }
  const adapter = adapterFor(route.model)
  c.var.summary.slug = route.model.slug
  c.var.summary.route = adapter.name
  body.input = expandOwnCompactions(body.input)
  if (endsWithCompactionTrigger(body.input)) return serveRemoteCompaction(body, route.model, serveOptionsOf(c))
  return serveThroughUpstream(adapter, body, route.model, serveOptionsOf(c))
})

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
  const events: string[] = []
  const writer = createResponsesStreamWriter({ model: model.slug, emit: (event) => events.push(encodeResponsesEvent(event)) })
  writer.addCompaction(packCompaction(summary))
  if (usage) writer.setUsage(usage)
  writer.complete()
  return body.stream === true ? new Response(events.join(''), { headers: SSE_HEADERS }) : jsonResponse(writer.finalResponse())
}
