import type { Context } from 'hono'
import { findModel } from '../../shared/settings'
import type { ResolvedModel, SettingsSnapshot } from '../../shared/host-protocol'
import { type ActiveRouter, activeRouter, isRouterDisabled } from '../../shared/router/router-candidates'
import type { AppEnv, Bindings } from '../env'
import { classifyThroughAdapter } from '../router/classify-through-adapter'
import { logDecision } from '../router/log-decision'
import { routeAutoTask } from '../router/route-auto'
import { serveOptionsOf } from '../routes/serve-options'
import { GatewayError } from '../http/gateway-error'
import { resolveRoute, type UpstreamRoute } from './resolve-route'

export type RequestRoute = UpstreamRoute & {
  /** Set when the auto router chose the model: the router's slug (the response names the model it chose). */
  routedBy?: string
}

/**
 * The route for a request: a configured model or the passthrough by its slug, or, for the auto router's slug,
 * the candidate the router picks for the request's task. `canonicalBody` gives the request in Responses form (what
 * the router reads the task from; only called for the router's slug, so other requests never pay for the
 * conversion), `bodyBytes` its size.
 */
export async function routeRequest(
  c: Context<AppEnv>,
  requested: string,
  canonicalBody: () => Record<string, unknown>,
  bodyBytes: number,
): Promise<RequestRoute> {
  const settings = c.var.settings
  const active = autoRouterFor(settings, c.env, requested)
  if (active === undefined) return resolveRoute(settings, requested)
  const options = serveOptionsOf(c)
  const { model } = await routeAutoTask(
    active,
    settings.models,
    { headers: c.req.raw.headers, body: canonicalBody(), bodyBytes },
    {
      classify: (request, classifier, timeoutMs) => classifyThroughAdapter(request, classifier, timeoutMs, options),
      // Written once the request has ended: sent at once, the call to the daemon and its write of router.jsonl
      // competed with the request for the same cores (+0.4 ms on a decided task, with client and upstream local).
      log: (line) => c.var.summary.afterFinish(() => logDecision(c.env, line, options.waitUntil)),
      kv: c.env.ROUTER_CACHE,
    },
  )
  return { kind: 'byok', model, routedBy: active.router.slug }
}

/** Whether `requested` names the (active) auto router rather than a configured model. */
export function isAutoRouterSlug(c: Context<AppEnv>, requested: string): boolean {
  return autoRouterFor(c.var.settings, c.env, requested) !== undefined
}

/** The active auto router when `requested` names it (and no configured model has its slug). */
export function autoRouterFor(
  settings: SettingsSnapshot & { ok: true },
  env: Bindings,
  requested: string,
): ActiveRouter<ResolvedModel> | undefined {
  const active = activeRouter(settings.router, settings.models, isRouterDisabled(env.CODEX_SHIM_DISABLE_ROUTER))
  if (active === undefined || requested !== active.router.slug || findModel(settings.models, requested) !== undefined)
    return undefined
  return active
}

/** Names the model the router chose, for the client and the request log (`route=auto:<slug>`). */
export function markRouted(route: RequestRoute, response: Response): Response {
  if (route.routedBy === undefined || route.kind !== 'byok') return response
  response.headers.set('x-codex-shim-routed-to', route.model.slug)
  return response
}

/** The doors other than Codex's own serve configured models only: the passthrough and Composer speak Responses. */
export function configuredRouteOnly(route: RequestRoute): RequestRoute & { kind: 'byok' } {
  if (route.kind === 'byok') return route
  const slug = route.kind === 'chatgpt' ? route.slug : route.model.slug
  throw new GatewayError(
    400,
    'unsupported_route',
    `${slug} is served on /v1/responses only (Codex's API); use a configured model here.`,
  )
}
