/** Scores per candidate slug, each in [0, 1]; a slug the classifier left out scores 0. */
export type Scores = Record<string, number>

/**
 * Reads the classifier's answer robustly: JSON in a code fence or surrounded by prose, the outermost object that
 * parses, `scores` as numbers or numeric strings, clamped to [0, 1]. Anything without a usable `scores` object
 * is undefined: the router then serves the user's default.
 */
export function parseScores(answer: string, slugs: readonly string[]): Scores | undefined {
  for (const candidate of jsonObjectsIn(answer)) {
    const scores = (candidate as { scores?: unknown }).scores
    if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) continue
    const table = scores as Record<string, unknown>
    return Object.fromEntries(slugs.map((slug) => [slug, clamp(Number(table[slug] ?? 0))]))
  }
  return undefined
}

/** Every `{…}` span that parses, outermost first (first `{` to last `}`, then narrower spans). */
function jsonObjectsIn(text: string): unknown[] {
  const found: unknown[] = []
  const starts = [...text.matchAll(/\{/g)].map((match) => match.index)
  const ends = [...text.matchAll(/\}/g)].map((match) => match.index).reverse()
  for (const start of starts.slice(0, 20)) {
    for (const end of ends.slice(0, 20)) {
      if (end <= start) continue
      try {
        found.push(JSON.parse(text.slice(start, end + 1)))
        return found
      } catch {
        // Not this span; a narrower one may be the JSON.
      }
    }
  }
  return found
}

function clamp(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0
}
