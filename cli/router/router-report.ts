import type { RouterConfig } from '../../shared/settings'
import { routerPrices } from './router-prices'

export interface AutoRequestUsage {
  time: number
  slug: string
  inputTokens: number
  outputTokens: number
}

/** Dollars, or `null` when the model has no price in the router block: unknown, never a silent $0. */
export type Cost = number | null

export interface RouterReport {
  since: string
  decisions: number
  /** Per served model: decisions (new ones, not cache hits), requests served and tokens. */
  models: { slug: string; decided: number; requests: number; inputTokens: number; outputTokens: number; cost: Cost }[]
  cacheHits: number
  classifierFailures: number
  classifier: { slugs: string[]; calls: number; inputTokens: number; outputTokens: number; cost: Cost }
  /** What the served requests cost, classifier included, counting only what has a price (`unpriced` lists the rest). */
  estimatedCost: number
  /** What the same tokens would have cost on `default`; `null` when `default` has no price. */
  costIfAlwaysDefault: Cost
  /** Models the report met or the router names that have no price, so their tokens are left out of the costs. */
  unpriced: string[]
}

/**
 * The router's record since a time: from its decision lines (what it chose and why, the classifier's tokens) and
 * the request log's `route=auto:<slug>` lines (the tokens each served request used). Costs are per million
 * tokens, as the router block prices them (one price for input and output): a candidate's `cost`, and the
 * classifier's `classifier_cost` (or its `cost` as a candidate).
 */
export function buildRouterReport(
  router: RouterConfig,
  decisions: readonly Record<string, unknown>[],
  usages: readonly AutoRequestUsage[],
  since: number,
): RouterReport {
  const prices = routerPrices(router)
  const unpriced = new Set<string>()
  const costOf = (price: number | undefined, slug: string, tokens: number): Cost => {
    if (price === undefined) {
      unpriced.add(slug)
      return null
    }
    return (price * tokens) / 1_000_000
  }
  const recent = decisions.filter((line) => Date.parse(String(line.time)) >= since)
  const models = new Map<string, RouterReport['models'][number]>()
  const row = (slug: string) => {
    let entry = models.get(slug)
    if (entry === undefined) {
      entry = { slug, decided: 0, requests: 0, inputTokens: 0, outputTokens: 0, cost: 0 }
      models.set(slug, entry)
    }
    return entry
  }
  const classifier: RouterReport['classifier'] = { slugs: [], calls: 0, inputTokens: 0, outputTokens: 0, cost: 0 }
  let classifierFailures = 0
  for (const line of recent) {
    if (line.why !== 'cached') row(String(line.served)).decided++
    const call = line.classifier as
      | { inputTokens?: number; outputTokens?: number; error?: string; slug?: string }
      | undefined
    if (call === undefined) continue
    const slug = call.slug ?? router.classifier ?? '(classifier)'
    if (!classifier.slugs.includes(slug)) classifier.slugs.push(slug)
    classifier.calls++
    classifier.inputTokens += call.inputTokens ?? 0
    classifier.outputTokens += call.outputTokens ?? 0
    classifier.cost = addCost(
      classifier.cost,
      costOf(prices.classifier(slug), slug, (call.inputTokens ?? 0) + (call.outputTokens ?? 0)),
    )
    if (call.error !== undefined) classifierFailures++
  }
  const defaultSlug = router.default ?? router.candidates[0]?.slug ?? ''
  // Unknown from the start when default itself has no price.
  let ifDefault: Cost = costOf(prices.candidate(defaultSlug), defaultSlug, 0)
  for (const usage of usages.filter((entry) => entry.time >= since)) {
    const tokens = usage.inputTokens + usage.outputTokens
    const entry = row(usage.slug)
    entry.requests++
    entry.inputTokens += usage.inputTokens
    entry.outputTokens += usage.outputTokens
    const servedCost = costOf(prices.candidate(usage.slug), usage.slug, tokens)
    entry.cost = addCost(entry.cost, servedCost)
    // Like with like: the estimate leaves out what an unpriced model served, so the comparison does too.
    if (servedCost !== null) ifDefault = addCost(ifDefault, costOf(prices.candidate(defaultSlug), defaultSlug, tokens))
  }
  // What the router names without a price is worth saying even before it has served anything.
  for (const candidate of router.candidates) if (candidate.cost === undefined) unpriced.add(candidate.slug)
  if (router.classifier !== undefined && prices.classifier(router.classifier) === undefined)
    unpriced.add(router.classifier)
  const served = [...models.values()].sort((a, b) => b.requests - a.requests || b.decided - a.decided)
  return {
    since: new Date(since).toISOString(),
    decisions: recent.length,
    models: served,
    cacheHits: recent.filter((line) => line.why === 'cached').length,
    classifierFailures,
    classifier,
    estimatedCost: [...served.map((entry) => entry.cost), classifier.cost].reduce<number>(
      (sum, cost) => sum + (cost ?? 0),
      0,
    ),
    costIfAlwaysDefault: ifDefault,
    unpriced: [...unpriced].sort(),
  }
}

/** A sum that stays unknown once any part of it is: an unpriced model never adds a silent $0. */
function addCost(total: Cost, part: Cost): Cost {
  return total === null || part === null ? null : total + part
}

/** The served requests' tokens from request-log lines: `... route=auto:<slug> ... tokens=<in>/<out> ...`. */
export function autoRequestUsages(logText: string): AutoRequestUsage[] {
  return logText.split('\n').flatMap((line) => {
    const route = / route=auto:(\S+)/.exec(line)
    const tokens = / tokens=(\d+)\/(\d+)/.exec(line)
    const time = Date.parse(line.slice(0, 24))
    if (!route?.[1] || !tokens || Number.isNaN(time)) return []
    return [{ time, slug: route[1], inputTokens: Number(tokens[1]), outputTokens: Number(tokens[2]) }]
  })
}
