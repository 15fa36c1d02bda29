import type { Cost, RouterReport } from './router-report'

const money = (cost: Cost) => (cost === null ? 'unpriced' : `$${cost.toFixed(4)}`)

/** The report's table: one row per served model and one for the classifier, costs at their prices. */
export function reportTable(report: RouterReport): string[] {
  const cells = (name: string, tasks: string, requests: string, tokensIn: string, tokensOut: string, cost: string) =>
    `  ${name.padEnd(24)} ${tasks.padStart(6)} ${requests.padStart(9)} ${tokensIn.padStart(11)} ${tokensOut.padStart(11)} ${cost.padStart(10)}`
  const { classifier } = report
  return [
    cells('model', 'tasks', 'requests', 'tokens in', 'tokens out', 'cost'),
    ...report.models.map((row) =>
      cells(
        row.slug,
        String(row.decided),
        String(row.requests),
        String(row.inputTokens),
        String(row.outputTokens),
        money(row.cost),
      ),
    ),
    cells(
      `(classifier${classifier.slugs.length > 0 ? ` ${classifier.slugs.join(', ')}` : ''})`,
      String(classifier.calls),
      '',
      String(classifier.inputTokens),
      String(classifier.outputTokens),
      money(classifier.cost),
    ),
  ]
}

/** The bottom line: the estimate against always using `default`, and what it could not price. */
export function reportVerdict(report: RouterReport, defaultSlug: string): string[] {
  const isPartial = report.classifier.cost === null || report.models.some((row) => row.cost === null)
  const estimate = `Estimated cost ${money(report.estimatedCost)}${isPartial ? ' (priced models only)' : ''}`
  const lines: string[] = []
  if (report.costIfAlwaysDefault === null) {
    lines.push(`${estimate}; ${defaultSlug} has no price, so there is nothing to compare it with.`)
  } else {
    const saved = report.costIfAlwaysDefault - report.estimatedCost
    lines.push(
      `${estimate}; always using ${defaultSlug} would have cost ${money(report.costIfAlwaysDefault)}: ${saved >= 0 ? `saved ${money(saved)}` : `cost ${money(-saved)} more`}.`,
    )
  }
  if (report.unpriced.length > 0)
    lines.push(
      `No price for ${report.unpriced.join(', ')}: their tokens are left out. Set a candidate's "cost", or router.classifier_cost for the classifier (per million tokens).`,
    )
  return lines
}
