import { contextLimitsFor } from '../catalog/context-limits'
import type { RouterCatalogInfo } from '../catalog/router-entry'
import type { ModelConfig, RouterConfig } from '../settings'

/** A candidate the router can send a task to: its configured model and what it can take. */
export interface UsableCandidate<Model extends ModelConfig = ModelConfig> {
  slug: string
  model: Model
  /**
   * Per million tokens, as the user priced it. Unpriced is infinite: a model of unknown price is never taken as
   * the cheapest good-enough one (it may be the dearest), only when no priced candidate will do.
   */
  cost: number
  takesImages: boolean
  contextWindow: number
  card: string
}

export interface ActiveRouter<Model extends ModelConfig = ModelConfig> {
  router: RouterConfig
  candidates: UsableCandidate<Model>[]
  /** Served when the classifier fails, and in shadow mode: the router's `default`, else its first candidate. */
  defaultSlug: string
  /** The smallest of the candidates' windows: Codex must never send more than the weakest can take. */
  contextWindow: number
  /** Images are allowed when any candidate takes them (a task with images goes to one that does). */
  takesImages: boolean
}

/** Enabled in settings, not switched off for this run, and with configured candidates to choose from. */
export function activeRouter<Model extends ModelConfig>(
  router: RouterConfig | undefined,
  models: readonly Model[],
  isDisabled: boolean,
): ActiveRouter<Model> | undefined {
  if (router === undefined || !router.enabled || isDisabled) return undefined
  const candidates = router.candidates.flatMap((candidate): UsableCandidate<Model>[] => {
    const model = models.find((entry) => entry.slug === candidate.slug)
    if (model === undefined || candidate.slug === router.slug) return []
    return [
      {
        slug: candidate.slug,
        model,
        cost: candidate.cost ?? Number.POSITIVE_INFINITY,
        takesImages: candidate.supportsImages && !model.noImageSupport,
        contextWindow: contextLimitsFor(model.maxContextLimit).contextWindow,
        card: candidate.card ?? model.displayName,
      },
    ]
  })
  const first = candidates[0]
  if (first === undefined) return undefined
  const defaultSlug =
    router.default !== undefined && candidates.some((candidate) => candidate.slug === router.default)
      ? router.default
      : first.slug
  return {
    router,
    candidates,
    defaultSlug,
    contextWindow: Math.min(...candidates.map((candidate) => candidate.contextWindow)),
    takesImages: candidates.some((candidate) => candidate.takesImages),
  }
}

const TRUTHY = new Set(['1', 'true', 'yes', 'on'])

/** `CODEX_SHIM_DISABLE_ROUTER=1` hides the router entry and serves nothing through it. */
export function isRouterDisabled(value: string | undefined): boolean {
  return TRUTHY.has((value ?? '').trim().toLowerCase())
}

/** The catalog's view of an active router. */
export function routerCatalogInfo(active: ActiveRouter | undefined): RouterCatalogInfo | undefined {
  if (active === undefined) return undefined
  return {
    slug: active.router.slug,
    displayName: active.router.displayName,
    contextWindow: active.contextWindow,
    takesImages: active.takesImages,
    candidateCount: active.candidates.length,
  }
}
