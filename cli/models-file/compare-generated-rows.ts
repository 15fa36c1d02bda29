import type { GeneratedRowsChange, Row } from './merge-generated-rows'

/** Which generated rows a run adds, updates, removes or leaves as they were, by slug. */
export function generatedRowsComparison(
  before: readonly Row[],
  after: readonly Row[],
): Omit<GeneratedRowsChange, 'text'> {
  const slugOf = (row: Row) => (typeof row.slug === 'string' ? row.slug : String(row.model))
  const old = new Map(before.map((row) => [slugOf(row), JSON.stringify(row)]))
  const next = new Set(after.map(slugOf))
  const change: Omit<GeneratedRowsChange, 'text'> = { added: [], updated: [], removed: [], unchanged: [] }
  for (const row of after) {
    const previous = old.get(slugOf(row))
    if (previous === undefined) change.added.push(slugOf(row))
    else (previous === JSON.stringify(row) ? change.unchanged : change.updated).push(slugOf(row))
  }
  for (const slug of old.keys()) if (!next.has(slug)) change.removed.push(slug)
  return change
}
