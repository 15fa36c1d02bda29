import { FALLBACK_CONTEXT_WINDOW } from '../../shared/catalog/context-limits'
import { renderTable } from '../text-table'
import { OPENCODE_ENDPOINTS } from './opencode-go-endpoints'
import { verdictMark, type ModelProbe } from './probe-opencode-models'

export type ModelOutcome = 'written' | 'kept' | 'skipped'

const formatTokens = (tokens: number) =>
  tokens >= 1_000_000 && tokens % 1_000_000 === 0 ? `${tokens / 1_000_000}M` : `${Math.round(tokens / 1000)}k`
const formatPrice = (value: number) => `$${value.toFixed(2)}`

/** model · chat / messages / responses ✓✗? · chosen · context · images · price; defaults say "(default)". */
export function refreshTable(probes: readonly ModelProbe[], outcomes: ReadonlyMap<string, ModelOutcome>): string[] {
  const rows = probes.map((probe) => {
    const facts = probe.facts
    const outcome = outcomes.get(probe.id)
    const chosen = probe.chosen ?? (outcome === 'kept' ? 'kept earlier row' : 'skipped')
    const context =
      facts?.contextWindow === undefined
        ? `${formatTokens(FALLBACK_CONTEXT_WINDOW)} (default)`
        : formatTokens(facts.contextWindow)
    const images = facts?.supportsImages === undefined ? 'no (default)' : facts.supportsImages ? 'yes' : 'no'
    const price =
      facts?.price === undefined ? '-' : `${formatPrice(facts.price.input)}/${formatPrice(facts.price.output)}`
    return [
      probe.id,
      ...OPENCODE_ENDPOINTS.map((endpoint) => verdictMark(probe.verdicts[endpoint])),
      chosen,
      context,
      images,
      price,
    ]
  })
  return renderTable(
    ['model', 'chat', 'messages', 'responses', 'chosen', 'context', 'images', 'price in/out per 1M'],
    rows,
  )
}

/** Why a model got no row (or kept its old one): each endpoint's own answer. */
export function unservedReasons(probes: readonly ModelProbe[]): string[] {
  return probes
    .filter((probe) => probe.chosen === undefined)
    .map((probe) => {
      const reasons = OPENCODE_ENDPOINTS.map((endpoint) => {
        const verdict = probe.verdicts[endpoint]
        if (verdict.kind === 'unknown') return `${endpoint}: ${verdict.reason}`
        if (verdict.kind === 'works') return `${endpoint}: works`
        return `${endpoint}: ${verdict.status}${verdict.message ? ` ${verdict.message}` : ''}`
      })
      return `${probe.id}: ${reasons.join('; ')}`
    })
}
