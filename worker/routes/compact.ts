import { Hono } from 'hono'
import { expandOwnCompactions, summaryMessage } from '../canonical/compaction'
import { newId } from '../canonical/ids'
import type { AppEnv } from '../env'
import { jsonResponse } from '../http/json-response'
import { markRouted, routeRequest } from '../routing/route-request'
import { loadSettingsWithBody } from '../settings/load-settings'
import { adapterFor } from '../upstreams/adapter-for'
import { serveChatgptCompact } from '../upstreams/chatgpt/serve-chatgpt'
import { cursorCompactionSummary } from '../upstreams/cursor/cursor-compaction'
import { summarizeConversation } from '../upstreams/summarize-conversation'
import { requestedModel } from './requested-model'
import { serveOptionsOf } from './serve-options'

/**
 * `POST /v1/responses/compact`: for passthrough slugs, ChatGPT's own compaction; for configured models, a summary
 * the model writes (with our request last, whatever instructions the client sent), returned as a compacted window
 * that works as the next request's `input` on any route.
 */
export const compactRoute = new Hono<AppEnv>().post('/', loadSettingsWithBody(), async (c) => {
  const { value: body, bytes } = c.var.requestBody
  const route = await routeRequest(c, requestedModel(body, c.var.settings.managedModel), () => body, bytes.byteLength)
  c.var.summary.slug = route.kind === 'chatgpt' ? route.slug : (route.routedBy ?? route.model.slug)
  if (route.kind === 'chatgpt') {
    c.var.summary.route = 'chatgpt'
    return serveChatgptCompact({
      env: c.env,
      headers: c.req.raw.headers,
      body,
      bytes,
      slug: route.slug,
      options: serveOptionsOf(c),
    })
  }
  if (route.kind === 'cursor') {
    c.var.summary.route = 'cursor'
    body.input = expandOwnCompactions(body.input)
    return jsonResponse(compactionWindow(route.model.slug, cursorCompactionSummary(body), null))
  }
  c.var.summary.route = route.routedBy === undefined ? adapterFor(route.model).name : `auto:${route.model.slug}`
  body.input = expandOwnCompactions(body.input)
  const { summary, usage } = await summarizeConversation(adapterFor(route.model), body, route.model, serveOptionsOf(c))
  return markRouted(route, jsonResponse(compactionWindow(route.model.slug, summary, usage)))
})

/** The compacted window: one summary message that works as the next request's `input` on any route. */
function compactionWindow(slug: string, summary: string, usage: unknown) {
  return {
    id: newId('resp'),
    object: 'response.compaction',
    created_at: Math.floor(Date.now() / 1000),
    model: slug,
    output: [{ id: newId('msg'), ...summaryMessage(summary) }],
    usage,
  }
}
