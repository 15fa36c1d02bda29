import { Hono } from 'hono'
import { buildModelListBody } from '../../shared/catalog'
import type { AppEnv } from '../env'
import { jsonResponse } from '../http/json-response'
import { loadSettings } from '../settings/load-settings'
import { fullCatalogInputOf } from '../routing/catalog-input'
import { resolveRoute } from '../routing/resolve-route'

const unixSeconds = () => Math.floor(Date.now() / 1000)

/** `GET /v1/models`: the OpenAI list and the Codex catalog in one body, so `model_catalog_url` works too. */
export const modelsRoute = new Hono<AppEnv>()
  .get('/', loadSettings(), async (c) =>
    jsonResponse(buildModelListBody(await fullCatalogInputOf(c.var.settings, c.env), unixSeconds())),
  )
  .get('/:model{.+}', loadSettings(), (c) => {
    const requested = c.req.param('model')
    const route = resolveRoute(c.var.settings, requested)
    const id = route.kind === 'chatgpt' ? route.slug : route.model.slug
    const owner = route.kind === 'byok' ? 'codex-shim' : route.kind
    return jsonResponse({ id, object: 'model', created: unixSeconds(), owned_by: owner })
  })
