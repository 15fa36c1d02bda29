import { describe, expect, test } from 'vitest'
import { reportTable, reportVerdict } from '../../cli/router/format-router-report'
import { autoRequestUsages, buildRouterReport } from '../../cli/router/router-report'
import type { RouterConfig } from '../../shared/settings'

/** The README's shape: a cheap `nano` classifier that is not a candidate. */
const router = (overrides: Partial<RouterConfig> = {}): RouterConfig => ({
  enabled: true,
  slug: 'codex-auto',
  displayName: 'Auto (smart routing)',
  classifier: 'nano',
  classifierCost: 0.05,
  threshold: 0.7,
  default: 'strong',
  cache: true,
  mode: 'route',
  timeoutMs: 8000,
  maxClassifierTokens: 400,
  candidates: [
    { slug: 'cheap', cost: 0.5, supportsImages: false },
    { slug: 'strong', cost: 25, supportsImages: true },
  ],
  ...overrides,
})
const T0 = Date.parse('2026-01-10T12:00:00.000Z')
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString()
const call = (slug = 'nano') => ({ slug, ms: 300, inputTokens: 1000, outputTokens: 200 })
const decisions = [
  { time: at(-60 * 24 * 30), served: 'strong', why: 'threshold', classifier: call() }, // before --since
  { time: at(1), served: 'cheap', why: 'threshold', classifier: call() },
  { time: at(2), served: 'cheap', why: 'cached' },
  { time: at(3), served: 'strong', why: 'best-score', classifier: call() },
  { time: at(4), served: 'strong', why: 'default', classifier: { slug: 'nano', ms: 8000, error: 'timed out' } },
]
const log = [
  `${at(1)} [request] POST /v1/responses status=200 slug=codex-auto route=auto:cheap tokens=10000/1000 ms=900`,
  `${at(2)} [request] POST /v1/responses status=200 slug=codex-auto route=auto:cheap tokens=10000/1000 ms=800`,
  `${at(3)} [request] POST /v1/responses status=200 slug=codex-auto route=auto:strong tokens=4000/1000 ms=2000`,
  `${at(3)} [request] POST (router classifier) status=200 slug=nano route=router-classifier tokens=1000/200 ms=300`,
  `${at(4)} [request] POST /v1/responses status=200 slug=other route=chat-passthrough tokens=9/9 ms=5`,
].join('\n')
const report = (config: RouterConfig) => buildRouterReport(config, decisions, autoRequestUsages(log), T0)

describe('router report', () => {
  test('reads only the routed requests from the request log', () => {
    expect(autoRequestUsages(log).map((usage) => [usage.slug, usage.inputTokens, usage.outputTokens])).toEqual([
      ['cheap', 10000, 1000],
      ['cheap', 10000, 1000],
      ['strong', 4000, 1000],
    ])
  })

  test('prices a classifier that is not a candidate at router.classifier_cost', () => {
    const result = report(router())
    expect(result).toMatchObject({ decisions: 4, cacheHits: 1, classifierFailures: 1, unpriced: [] })
    expect(result.models.map(({ slug, decided, requests }) => [slug, decided, requests])).toEqual([
      ['cheap', 1, 2],
      ['strong', 2, 1],
    ])
    // cheap: 22,000 tokens at $0.5/M; strong: 5,000 at $25/M; classifier: 2,400 at $0.05/M.
    expect(result.models[0]?.cost).toBeCloseTo(0.011, 10)
    expect(result.models[1]?.cost).toBeCloseTo(0.125, 10)
    expect(result.classifier).toMatchObject({ slugs: ['nano'], calls: 3, inputTokens: 2000, outputTokens: 400 })
    expect(result.classifier.cost).toBeCloseTo(0.00012, 10)
    expect(result.estimatedCost).toBeCloseTo(0.13612, 10)
    // Always strong: 27,000 tokens at $25/M.
    expect(result.costIfAlwaysDefault).toBeCloseTo(0.675, 10)
    expect(reportVerdict(result, 'strong')).toEqual([
      'Estimated cost $0.1361; always using strong would have cost $0.6750: saved $0.5389.',
    ])
    expect(reportTable(result).at(-1)).toMatch(/^ {2}\(classifier nano\) +3 +2000 +400 +\$0\.0001$/)
  })

  test('prices a classifier that is also a candidate at its cost, unless classifier_cost says otherwise', () => {
    const decidedByCheap = decisions.map((line) =>
      line.classifier ? { ...line, classifier: { ...line.classifier, slug: 'cheap' } } : line,
    )
    const config = router({ classifier: 'cheap', classifierCost: undefined })
    const result = buildRouterReport(config, decidedByCheap, autoRequestUsages(log), T0)
    expect(result.classifier.cost).toBeCloseTo((2400 * 0.5) / 1_000_000, 10)
    const overridden = buildRouterReport({ ...config, classifierCost: 0.1 }, decidedByCheap, [], T0)
    expect(overridden.classifier.cost).toBeCloseTo((2400 * 0.1) / 1_000_000, 10)
  })

  test('an unpriced classifier is "unpriced", never $0, and the report says what it left out', () => {
    const result = report(router({ classifierCost: undefined }))
    expect(result.classifier.cost).toBeNull()
    expect(result.unpriced).toEqual(['nano'])
    expect(result.estimatedCost).toBeCloseTo(0.136, 10)
    expect(reportTable(result).at(-1)).toMatch(/ unpriced$/)
    const verdict = reportVerdict(result, 'strong')
    expect(verdict[0]).toBe(
      'Estimated cost $0.1360 (priced models only); always using strong would have cost $0.6750: saved $0.5390.',
    )
    expect(verdict[1]).toContain('No price for nano')
    expect(verdict[1]).toContain('router.classifier_cost')
  })

  test('tokens served by an unpriced model are left out of the comparison with default too', () => {
    const result = report(
      router({
        candidates: [
          { slug: 'cheap', supportsImages: false },
          { slug: 'strong', cost: 25, supportsImages: true },
        ],
      }),
    )
    // Only strong's 5,000 tokens have a price: always-default is those same tokens at $25/M, not cheap's as well.
    expect(result.costIfAlwaysDefault).toBeCloseTo((5000 * 25) / 1_000_000, 10)
    expect(reportVerdict(result, 'strong')[0]).not.toMatch(/saved \$0\.[1-9]/)
  })

  test('an unpriced candidate and an unpriced default are unknown, not free', () => {
    const result = report(
      router({
        candidates: [
          { slug: 'cheap', supportsImages: false },
          { slug: 'strong', supportsImages: true },
        ],
      }),
    )
    expect(result.models.map((row) => row.cost)).toEqual([null, null])
    expect(result.costIfAlwaysDefault).toBeNull()
    expect(result.unpriced).toEqual(['cheap', 'strong'])
    expect(reportVerdict(result, 'strong')[0]).toContain('strong has no price, so there is nothing to compare it with')
  })
})
