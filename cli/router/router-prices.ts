import type { RouterConfig } from '../../shared/settings'

/** Per million tokens, or undefined when the router block gives the model no price. */
export interface RouterPrices {
  /** What serving a task on a candidate costs: its `cost`. */
  candidate: (slug: string) => number | undefined
  /** What a classifier call costs: `classifier_cost` for the router's classifier, else its `cost` as a candidate. */
  classifier: (slug: string) => number | undefined
}

export function routerPrices(router: RouterConfig): RouterPrices {
  const costs = new Map(router.candidates.map((candidate) => [candidate.slug, candidate.cost]))
  const candidate = (slug: string) => costs.get(slug)
  return {
    candidate,
    classifier: (slug) => (slug === router.classifier ? router.classifierCost : undefined) ?? candidate(slug),
  }
}
