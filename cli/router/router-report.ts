import type { RouterConfig } from '../../shared/settings'

export interface AutoRequestUsage {
  time: number
  slug: string
  inputTokens: number
  outputTokens: number
}

export interface RouterReport {
  since: string
  decisions: number
  /** Per served model: decisions (new ones, not cache hits), requests served and tokens. */
  models: { slug: string; decided: number; requests: number; inputTokens: number; outputTokens: number; cost: number }[]
  cacheHits: number
  classifierFailures: number
  classifier: { calls: number; inputTokens: number; outputTokens: number; cost: number }
  /** What the served requests cost at the candidates' prices, classifier included, and what `default` would have. */
  estimatedCost: number
  costIfAlwaysDefault: number
  /** Candidates without a price count as free; the report says which. */
  unpriced: string[]
}

/**
 * The router's record since a time: from its decision lines (what it chose and why, the classifier's tokens) and
 * the request log's `route=auto:<slug>` lines (the tokens each served request used). Costs are per million
 * tokens, as the candidates' `cost` says (one price for input and output).
 */
export function buildRouterReport(
  router: RouterConfig,
  decisions: readonly Record<string, unknown>[],
  usages: readonly AutoRequestUsage[],
  since: number,
): RouterReport {
  const price = new Map(router.candidates.map((candidate) => [candidate.slug, candidate.cost]))
  const cost = (slug: string, tokens: number) => ((price.get(slug) ?? 0) * tokens) / 1_000_000
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
  const classifier = { calls: 0, inputTokens: 0, outputTokens: 0, cost: 0 }
  let classifierFailures = 0
  for (const line of recent) {
    if (line.why !== 'cached') row(String(line.served)).decided++
    const call = line.classifier as
      | { inputTokens?: number; outputTokens?: number; error?: string; slug?: string }
      | undefined
    if (call === undefined) continue
    classifier.calls++
    classifier.inputTokens += call.inputTokens ?? 0
    classifier.outputTokens += call.outputTokens ?? 0
    classifier.cost += cost(call.slug ?? router.classifier ?? '', (call.inputTokens ?? 0) + (call.outputTokens ?? 0))
    if (call.error !== undefined) classifierFailures++
  }
  let ifDefault = 0
  const defaultSlug = router.default ?? router.candidates[0]?.slug ?? ''
  for (const usage of usages.filter((entry) => entry.time >= since)) {
    const entry = row(usage.slug)
    entry.requests++
    entry.inputTokens += usage.inputTokens
    entry.outputTokens += usage.outputTokens
    entry.cost += cost(usage.slug, usage.inputTokens + usage.outputTokens)
    ifDefault += cost(defaultSlug, usage.inputTokens + usage.outputTokens)
  }
  const served = [...models.values()].sort((a, b) => b.requests - a.requests || b.decided - a.decided)
  return {
    since: new Date(since).toISOString(),
    decisions: recent.length,
    models: served,
    cacheHits: recent.filter((line) => line.why === 'cached').length,
    classifierFailures,
    classifier,
    estimatedCost: served.reduce((sum, entry) => sum + entry.cost, 0) + classifier.cost,
    costIfAlwaysDefault: ifDefault,
    unpriced: router.candidates.filter((candidate) => candidate.cost === undefined).map((candidate) => candidate.slug),
  }
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
