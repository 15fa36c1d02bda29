import { Hono } from 'hono'
import { expandOwnCompactions, summaryMessage } from '../canonical/compaction'
import { newId } from '../canonical/ids'
import type { AppEnv } from '../env'
import { jsonResponse } from '../http/json-response'
import { readJsonBody } from '../http/read-json-body'
import { resolveRoute } from '../routing/resolve-route'
import { loadSettings } from '../settings/load-settings'
import { adapterFor } from '../upstreams/adapter-for'
import { serveChatgptCompact } from '../upstreams/chatgpt/serve-chatgpt'
import { summarizeConversation } from '../upstreams/summarize-conversation'
import { requestedModel } from './requested-model'
import { serveOptionsOf } from './serve-options'

/**
 * `POST /v1/responses/compact`: for passthrough slugs, ChatGPT's own compaction; for configured models, a summary
 * the model writes (with our request last, whatever instructions the client sent), returned as a compacted window
 * that works as the next request's `input` on any route.
 */
export const compactRoute = new Hono<AppEnv>().post('/', loadSettings(), async (c) => {
  const { value: body, bytes } = await readJsonBody(c.req.raw)
  const route = resolveRoute(c.var.settings, requestedModel(body, c.var.settings.managedModel))
  c.var.summary.slug = route.kind === 'chatgpt' ? route.slug : route.model.slug
  if (route.kind === 'chatgpt') {
    c.var.summary.route = 'chatgpt'
    return serveChatgptCompact({ env: c.env, headers: c.req.raw.headers, body, bytes, slug: route.slug, options: serveOptionsOf(c) })
  }
  c.var.summary.route = adapterFor(route.model).name
  body.input = expandOwnCompactions(body.input)
  const { summary, usage } = await summarizeConversation(adapterFor(route.model), body, route.model, serveOptionsOf(c))
  return jsonResponse({
    id: newId('resp'),
    object: 'response.compaction',
    created_at: Math.floor(Date.now() / 1000),
    model: route.model.slug,
    output: [{ id: newId('msg'), ...summaryMessage(summary) }],
    usage,
  })
})
