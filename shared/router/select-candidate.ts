import type { Scores } from './parse-scores'
import type { UsableCandidate } from './router-candidates'

/** Why the router chose what it chose, as the decision log records it. */
export type DecisionReason = 'threshold' | 'best-score' | 'default' | 'cached' | 'single' | 'images' | 'context'

export interface Selection {
  slug: string
  reason: DecisionReason
}

export interface SelectionInput {
  candidates: readonly UsableCandidate[]
  /** Undefined when the classifier failed, timed out or answered garbage. */
  scores: Scores | undefined
  threshold: number
  defaultSlug: string
  hasImages: boolean
  estimatedTokens: number
}

/**
 * Candidates that cannot take the task's images, or whose context window is smaller than the conversation, are
 * out. Of the rest: the cheapest scoring at least the threshold (ties: the higher score); else the highest score
 * above 0; else the user's default. A classifier failure serves the default too: the user's safe choice, not the
 * cheapest model. When a filter took away the model the scores alone would have chosen, the reason names it.
 */
export function selectCandidate(input: SelectionInput): Selection {
  const fitsImages = (candidate: UsableCandidate) => !input.hasImages || candidate.takesImages
  const fitsContext = (candidate: UsableCandidate) => candidate.contextWindow >= input.estimatedTokens
  const fitting = input.candidates.filter((candidate) => fitsImages(candidate) && fitsContext(candidate))
  const chosen = input.scores === undefined ? undefined : byScore(fitting, input.scores, input.threshold)
  const selection: Selection = chosen
    ? { slug: chosen.slug, reason: chosen.reason }
    : fallbackFor(input.defaultSlug, fitting)
  const unfiltered = input.scores === undefined ? undefined : byScore(input.candidates, input.scores, input.threshold)
  if (unfiltered === undefined || unfiltered.candidate.slug === selection.slug) return selection
  return { slug: selection.slug, reason: fitsImages(unfiltered.candidate) ? 'context' : 'images' }
}

function byScore(
  pool: readonly UsableCandidate[],
  scores: Scores,
  threshold: number,
): { candidate: UsableCandidate; slug: string; reason: 'threshold' | 'best-score' } | undefined {
  const scored = pool.map((candidate) => ({ candidate, score: scores[candidate.slug] ?? 0 }))
  const good = scored
    .filter((entry) => entry.score >= threshold)
    .sort((a, b) => byCost(a.candidate, b.candidate) || b.score - a.score)[0]
  if (good) return { candidate: good.candidate, slug: good.candidate.slug, reason: 'threshold' }
  const best = scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || byCost(a.candidate, b.candidate))[0]
  return best ? { candidate: best.candidate, slug: best.candidate.slug, reason: 'best-score' } : undefined
}

/** The default when it fits the task; otherwise the cheapest candidate that does. */
function fallbackFor(defaultSlug: string, fitting: readonly UsableCandidate[]): Selection {
  if (fitting.length === 0 || fitting.some((candidate) => candidate.slug === defaultSlug))
    return { slug: defaultSlug, reason: 'default' }
  const cheapest = [...fitting].sort(byCost)[0]
  return { slug: cheapest?.slug ?? defaultSlug, reason: 'default' }
}

/** Cheaper first; two unpriced (infinite) candidates are equal, not NaN, so the next key decides. */
function byCost(a: UsableCandidate, b: UsableCandidate): number {
  return a.cost === b.cost ? 0 : a.cost - b.cost
}
