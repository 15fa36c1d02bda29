import { Hono } from 'hono'
import { isPassthroughListed, isRouterListed, listedCursorModels } from '../../shared/catalog'
import { VERSION } from '../../shared/constants'
import type { AppEnv } from '../env'
import { jsonResponse } from '../http/json-response'
import { catalogInputOf } from '../routing/catalog-input'
import { fetchSettingsSnapshot } from '../settings/settings-source'

/** Liveness for `codex-shim start`/`status`: answers even when models.json is broken, and says so. */
export const healthRoute = new Hono<AppEnv>().get('/', async (c) => {
  const instance = c.env.CODEX_SHIM_INSTANCE
  const snapshot = await fetchSettingsSnapshot(c.env)
  if (!snapshot.ok) return jsonResponse({ ok: false, version: VERSION, instance, error: snapshot.message }, 503)
  const input = catalogInputOf(snapshot, c.env)
  const passthrough = isPassthroughListed(input)
  const router = snapshot.router
  return jsonResponse({
    ok: true,
    version: VERSION,
    instance,
    models: snapshot.models.length + (passthrough ? 1 : 0) + listedCursorModels(input).length,
    chatgpt_passthrough: passthrough,
    // Deployed, there is no cursor-agent to run: as good as switched off.
    cursor_passthrough: snapshot.cursor?.state ?? 'disabled',
    auto_router: {
      enabled: isRouterListed(input),
      ...(router ? { slug: router.slug, mode: router.mode, candidates: input.router?.candidateCount ?? 0 } : {}),
    },
  })
})
