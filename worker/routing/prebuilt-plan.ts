import type { ResolvedModel, SettingsSnapshot } from '../../shared/host-protocol'
import { endsWithCompactionTrigger } from '../canonical/compaction'
import { adapterFor } from '../upstreams/adapter-for'
import type { UpstreamPlan } from '../upstreams/upstream-adapter'
import { resolveRoute } from './resolve-route'

/**
 * The upstream request for a Codex turn, translated with the settings the isolate holds while they are confirmed
 * (their files read again, or the daemon asked; ARCHITECTURE.md, hot path). Translation and the check each take a
 * tenth of a millisecond or more, and only the check may decide which upstream a request goes to; so the plan is
 * used only when the settings were confirmed and the request reaches the upstream with the very same settings,
 * model and history, and is otherwise built again.
 */
export interface PrebuiltPlan {
  settings: SettingsSnapshot
  model: ResolvedModel
  body: Record<string, unknown>
  input: unknown
  adapterName: string
  plan: UpstreamPlan<unknown>
}

/**
 * A plan for a request to a configured model (named directly, or the one a decided auto-router task is served by);
 * undefined for anything else routing has to decide.
 */
export function prebuildPlan(
  settings: SettingsSnapshot & { ok: true },
  body: Record<string, unknown>,
  requested: string,
  secrets: readonly string[],
): PrebuiltPlan | undefined {
  if (endsWithCompactionTrigger(body.input)) return undefined
  try {
    const route = resolveRoute(settings, requested)
    if (route.kind !== 'byok') return undefined
    const { model } = route
    if (model.provider === 'responses' && body.stream === true) return undefined // relayed, not translated
    const adapter = adapterFor(model)
    const plan = adapter.buildRequest(body, model, secrets)
    return { settings, model, body, input: body.input, adapterName: adapter.name, plan }
  } catch {
    // A request that cannot be translated is refused on the way that does not guess, with that path's error.
    return undefined
  }
}

/** The prebuilt plan, if it was made for exactly this request on these settings. */
export function prebuiltPlanFor(
  prebuilt: PrebuiltPlan | undefined,
  request: { settings: SettingsSnapshot; model: ResolvedModel; body: Record<string, unknown>; adapterName: string },
): UpstreamPlan<unknown> | undefined {
  if (
    prebuilt === undefined ||
    prebuilt.settings !== request.settings ||
    prebuilt.model !== request.model ||
    prebuilt.body !== request.body ||
    prebuilt.input !== request.body.input ||
    prebuilt.adapterName !== request.adapterName
  )
    return undefined
  return prebuilt.plan
}
