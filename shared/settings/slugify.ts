/** Lowercase, runs of anything outside [a-z0-9] become one `-`, no leading or trailing `-`. */
export function slugify(text: string): string {
  const slug = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug === '' ? 'model' : slug
}

interface SlugSource {
  explicitSlug?: string
  model: string
  displayName: string
  index: number
}

/**
 * Gives every row a unique slug. An explicit slug wins; otherwise the model name, or the display name when
 * several rows share one upstream model (two tunings of `gpt-5.5` become `fast-high` and `fast-low`).
 * A taken slug gets `-<index>`, then a counter, so the result never depends on luck.
 */
export function assignSlugs(rows: readonly SlugSource[]): string[] {
  const modelCounts = new Map<string, number>()
  for (const row of rows) modelCounts.set(row.model, (modelCounts.get(row.model) ?? 0) + 1)
  const used = new Set<string>()
  return rows.map((row) => {
    const base = row.explicitSlug ?? ((modelCounts.get(row.model) ?? 0) > 1 ? row.displayName : row.model)
    let slug = slugify(base)
    if (used.has(slug)) slug = `${slug}-${row.index}`
    for (let counter = used.size; used.has(slug); counter++) slug = `${slugify(base)}-${counter}`
    used.add(slug)
    return slug
  })
}
