import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { GatewayError } from '../http/gateway-error'
import { readJsonObjectBody } from '../http/read-json-body'
import { resolveRoute } from '../routing/resolve-route'
import { loadSettings } from '../settings/load-settings'

/** `POST /v1/responses`: Codex's endpoint. Reads and routes the request; upstream adapters plug in here. */
export const responsesRoute = new Hono<AppEnv>().use(loadSettings()).post('/', async (c) => {
  const body = await readJsonObjectBody(c.req.raw)
  const requested = body.model
  if (typeof requested !== 'string' || requested.trim() === '') {
    throw new GatewayError(400, 'invalid_model', 'The request needs a "model" string naming a configured model slug.')
  }
  const route = resolveRoute(c.var.settings, requested)
  c.var.summary.slug = route.kind === 'byok' ? route.model.slug : route.slug
  c.var.summary.route = route.kind === 'byok' ? route.model.provider : 'chatgpt'
  throw new GatewayError(501, 'route_not_available', `Serving "${requested}" through ${c.var.summary.route} is not available in this build yet.`)
})
