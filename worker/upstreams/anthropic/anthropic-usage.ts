import { isRecord } from '../../http/bad-request'
import { responsesUsage, type ResponsesUsage } from '../../protocol/responses-usage'

export interface AnthropicUsageCounts {
  input: number
  cacheRead: number
  cacheCreation: number
  output: number
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.round(value)) : undefined

/** Later values win field by field: `message_delta` usage is cumulative and may restate the input counts. */
export function mergeAnthropicUsage(current: AnthropicUsageCounts, usage: unknown): AnthropicUsageCounts {
  if (!isRecord(usage)) return current
  return {
    input: count(usage.input_tokens) ?? current.input,
    cacheRead: count(usage.cache_read_input_tokens) ?? current.cacheRead,
    cacheCreation: count(usage.cache_creation_input_tokens) ?? current.cacheCreation,
    output: count(usage.output_tokens) ?? current.output,
  }
}

/**
 * Anthropic's `input_tokens` leaves out cache reads and writes; Responses counts the whole prompt, with the
 * cached part in `cached_tokens`. Reporting only the uncached part would make Codex think a long session is
 * short and never compact it.
 */
export function anthropicUsageToResponses(counts: AnthropicUsageCounts): ResponsesUsage {
  return responsesUsage({
    input: counts.input + counts.cacheRead + counts.cacheCreation,
    cached: counts.cacheRead,
    output: counts.output,
  })
}

export const emptyAnthropicUsage = (): AnthropicUsageCounts => ({ input: 0, cacheRead: 0, cacheCreation: 0, output: 0 })
