import { describe, expect, test } from 'vitest'
import type { UsableCandidate } from '../../../shared/router/router-candidates'
import { parseScores } from '../../../shared/router/parse-scores'
import { activeRouter } from '../../../shared/router/router-candidates'
import { selectCandidate } from '../../../shared/router/select-candidate'
import type { RouterConfig } from '../../../shared/settings'
import { model } from '../helpers/gateway'

const candidate = (slug: string, cost: number, options: Partial<UsableCandidate> = {}): UsableCandidate => ({
  slug,
  model: model({ slug }),
  cost,
  takesImages: true,
  contextWindow: 128_000,
  card: slug,
  ...options,
})
const cheap = candidate('cheap', 0.3)
const mid = candidate('mid', 1)
const strong = candidate('strong', 10)
const base = {
  candidates: [cheap, mid, strong],
  threshold: 0.7,
  defaultSlug: 'mid',
  hasImages: false,
  estimatedTokens: 1000,
}

describe('selectCandidate', () => {
  test('a candidate without a price is never taken as the cheapest: priced ones that are good enough come first', () => {
    const config: RouterConfig = {
      enabled: true,
      slug: 'codex-auto',
      displayName: 'Auto',
      threshold: 0.7,
      cache: true,
      mode: 'route',
      timeoutMs: 8000,
      maxClassifierTokens: 400,
      candidates: [
        { slug: 'unpriced', supportsImages: true },
        { slug: 'other-unpriced', supportsImages: true },
        { slug: 'mid', cost: 1, supportsImages: true },
      ],
    }
    const models = ['unpriced', 'other-unpriced', 'mid'].map((slug) => model({ slug }))
    const candidates = activeRouter(config, models, false)?.candidates ?? []
    const select = (scores: Record<string, number>) => selectCandidate({ ...base, candidates, scores }).slug
    expect(select({ unpriced: 0.9, 'other-unpriced': 0.9, mid: 0.8 })).toBe('mid')
    // Good enough alone, or among other unpriced ones, it is chosen all the same (by score).
    expect(select({ unpriced: 0.8, 'other-unpriced': 0.9, mid: 0.1 })).toBe('other-unpriced')
  })

  test.each([
    ['the cheapest candidate at or above the threshold', { cheap: 0.7, mid: 0.9, strong: 1 }, 'cheap', 'threshold'],
    ['a stronger one when the cheap one is not good enough', { cheap: 0.4, mid: 0.8, strong: 1 }, 'mid', 'threshold'],
    [
      'the highest score when none reaches the threshold',
      { cheap: 0.2, mid: 0.5, strong: 0.6 },
      'strong',
      'best-score',
    ],
    ['the default when every score is 0', { cheap: 0, mid: 0, strong: 0 }, 'mid', 'default'],
  ])('%s', (_, scores, slug, reason) => {
    expect(selectCandidate({ ...base, scores })).toEqual({ slug, reason })
  })

  test('ties on cost go to the higher score', () => {
    const twin = candidate('twin', 0.3)
    expect(
      selectCandidate({ ...base, candidates: [cheap, twin, strong], scores: { cheap: 0.75, twin: 0.9, strong: 1 } }),
    ).toEqual({ slug: 'twin', reason: 'threshold' })
  })

  test('a classifier that failed serves the default, not the cheapest', () => {
    expect(selectCandidate({ ...base, scores: undefined })).toEqual({ slug: 'mid', reason: 'default' })
  })

  test('a task with images goes to a candidate that takes them, even when a cheaper text-only one scores higher', () => {
    const textOnly = candidate('text-only', 0.1, { takesImages: false })
    expect(
      selectCandidate({
        ...base,
        candidates: [textOnly, strong],
        defaultSlug: 'text-only',
        hasImages: true,
        scores: { 'text-only': 1, strong: 0.8 },
      }),
    ).toEqual({ slug: 'strong', reason: 'images' })
  })

  test('a conversation larger than a candidate’s window rules it out', () => {
    const small = candidate('small', 0.1, { contextWindow: 8000 })
    expect(
      selectCandidate({
        ...base,
        candidates: [small, strong],
        defaultSlug: 'small',
        estimatedTokens: 20_000,
        scores: { small: 1, strong: 0.9 },
      }),
    ).toEqual({ slug: 'strong', reason: 'context' })
  })
})

describe('parseScores', () => {
  const slugs = ['cheap', 'strong']
  test.each([
    ['plain JSON', '{"scores": {"cheap": 0.4, "strong": 0.9}, "reasoning": "hard"}', { cheap: 0.4, strong: 0.9 }],
    ['fenced JSON', '```json\n{"scores": {"cheap": 0.4, "strong": 0.9}}\n```', { cheap: 0.4, strong: 0.9 }],
    [
      'prose around it',
      'Sure! Here you go: {"scores": {"cheap": 1, "strong": 1}} Hope it helps {ok}',
      { cheap: 1, strong: 1 },
    ],
    ['missing slugs and strings', '{"scores": {"strong": "0.8"}}', { cheap: 0, strong: 0.8 }],
    ['out-of-range scores clamped', '{"scores": {"cheap": -3, "strong": 7}}', { cheap: 0, strong: 1 }],
    [
      'a nested object in the reasoning',
      '{"scores": {"cheap": 0.5, "strong": 0.5}, "reasoning": {"why": "x"}}',
      { cheap: 0.5, strong: 0.5 },
    ],
  ])('%s', (_, answer, expected) => {
    expect(parseScores(answer, slugs)).toEqual(expected)
  })

  test.each([['no JSON at all'], ['{"score": {"cheap": 1}}'], ['{"scores": [1, 2]}'], ['{broken']])(
    'garbage gives no scores: %s',
    (answer) => {
      expect(parseScores(answer, slugs)).toBeUndefined()
    },
  )
})
