import type { Context } from 'hono'
import { findModel } from '../../shared/settings'
import { activeRouter, isRouterDisabled } from '../../shared/router/router-candidates'
import type { AppEnv } from '../env'
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
  const active = activeRouter(settings.router, settings.models, isRouterDisabled(c.env.CODEX_SHIM_DISABLE_ROUTER))
  if (active === undefined || !isAutoRouterSlug(c, requested)) return resolveRoute(settings, requested)
  const options = serveOptionsOf(c)
  const { model } = await routeAutoTask(
    active,
    settings.models,
    { headers: c.req.raw.headers, body: canonicalBody(), bodyBytes },
    {
      classify: (request, classifier, timeoutMs) => classifyThroughAdapter(request, classifier, timeoutMs, options),
      log: (line) => logDecision(c.env, line, options.waitUntil),
      kv: c.env.ROUTER_CACHE,
    },
  )
  return { kind: 'byok', model, routedBy: active.router.slug }
}

/** Whether `requested` names the (active) auto router rather than a configured model. */
export function isAutoRouterSlug(c: Context<AppEnv>, requested: string): boolean {
  const settings = c.var.settings
  const active = activeRouter(settings.router, settings.models, isRouterDisabled(c.env.CODEX_SHIM_DISABLE_ROUTER))
  return active !== undefined && requested === active.router.slug && findModel(settings.models, requested) === undefined
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
