import { Hono, type Context } from 'hono'
import { activityEventStream } from '../activity/activity-events'
import { activityJson } from '../activity/activity-json'
import { activitySnapshot } from '../activity/activity-log'
import type { AppEnv, Bindings } from '../env'
import { GatewayError } from '../http/gateway-error'
import { jsonResponse } from '../http/json-response'
import { readJsonObjectBody } from '../http/read-json-body'
import { ownOriginOf } from '../picker/find-csrf-refusal'
import { buildPickerModels, type PickerModelsBody } from '../picker/picker-models'
import { switchThroughHost } from '../picker/switch-through-host'
import { fullCatalogInputOf } from '../routing/catalog-input'
import { loadSettings } from '../settings/load-settings'
import { fetchSettingsSnapshot } from '../settings/settings-source'
import { chatgptBaseUrl } from '../upstreams/chatgpt/chatgpt-auth'
import type { SettingsSnapshot } from '../../shared/host-protocol'

const DEPLOYED_SWITCH_REASON =
  'This gateway runs as a deployed Worker: it has no Codex config to change. Run `codex-shim model use SLUG --remote NAME` on your own machine instead.'

/** The picker page's JSON: the models, the live activity (JSON and events), and the switch. */
export const apiRoute = new Hono<AppEnv>()
  .get('/models', loadSettings(), async (c) => jsonResponse(await pickerModelsOf(c.var.settings, c.env)))
  .get('/activity', () => jsonResponse(activityJson(activitySnapshot())))
  .get('/activity/events', async (c) => {
    const lastEventId = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? 0)
    // Not loadSettings(): a broken models.json must not stop the activity from showing (nor make EventSource spin).
    let shown: SettingsSnapshot = await fetchSettingsSnapshot(c.env)
    const events = activityEventStream({
      afterSeq: Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0,
      async modelsIfChanged() {
        // fetchSettingsSnapshot hands back the very object it holds while the daemon's version is unchanged.
        const snapshot = await fetchSettingsSnapshot(c.env)
        if (snapshot === shown || !snapshot.ok) return undefined
        shown = snapshot
        return pickerModelsOf(snapshot, c.env)
      },
    })
    keepRunning(c, events.done)
    c.var.summary.isDeferred = true
    void events.done.then(() => c.var.summary.finish({ status: 200 }))
    return new Response(events.body, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' },
    })
  })
  .post('/switch', async (c) => {
    // Without HOST there is no machine here: no Codex config, no Desktop app (the guard let this through for this answer).
    if (c.env.HOST === undefined) throw new GatewayError(501, 'not_available_when_deployed', DEPLOYED_SWITCH_REASON)
    const body = await readJsonObjectBody(c.req.raw, { compressedBytes: 4096, decodedBytes: 4096 })
    const slug = body.slug
    const restartCodex = body.restart_codex ?? false
    if (typeof slug !== 'string' || slug.trim() === '')
      throw new GatewayError(400, 'invalid_request', 'slug: expected the slug of a model the picker lists.')
    if (typeof restartCodex !== 'boolean')
      throw new GatewayError(400, 'invalid_request', 'restart_codex: expected true or false.')
    c.var.summary.slug = slug
    const reply = await switchThroughHost(c.env.HOST, c.env, { slug, restartCodex, port: portOf(c.req.raw) })
    return jsonResponse({
      ok: true,
      active: { slug: reply.active.slug, display_name: reply.active.displayName },
      provider_name: reply.providerName,
      config_path: reply.configPath,
      changed: reply.isChanged,
      restart: reply.restart,
    })
  })

async function pickerModelsOf(settings: SettingsSnapshot & { ok: true }, env: Bindings): Promise<PickerModelsBody> {
  return buildPickerModels({
    settings,
    catalog: await fullCatalogInputOf(settings, env),
    chatgptBaseUrl: chatgptBaseUrl(env),
    totals: activitySnapshot().totals,
    ...(env.HOST === undefined ? { switchUnavailableReason: DEPLOYED_SWITCH_REASON } : {}),
  })
}

/** The port the browser reached us on (80/443 when its origin names none). */
function portOf(req: Request): number {
  const origin = new URL(ownOriginOf(req))
  return origin.port === '' ? (origin.protocol === 'https:' ? 443 : 80) : Number(origin.port)
}

function keepRunning(c: Context<AppEnv>, done: Promise<void>): void {
  try {
    c.executionCtx.waitUntil(done)
  } catch {
    // No execution context (app.request in tests): the loop runs on its own.
  }
}
