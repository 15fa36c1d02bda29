import { responsesUsage, type ResponsesUsage } from '../../protocol/responses-usage'
import { isRecord } from '../../http/bad-request'

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.round(value)) : undefined

/**
 * Chat usage → Responses usage. Cached tokens come from `prompt_tokens_details` or DeepSeek's
 * `prompt_cache_hit_tokens`. Gemini and xAI leave reasoning out of `completion_tokens` (their total is
 * prompt + completion + reasoning; fixtures 12 and 17), so it is added back: Responses output includes reasoning.
 */
export function chatUsageToResponses(usage: unknown): ResponsesUsage | undefined {
  if (!isRecord(usage)) return undefined
  const prompt = count(usage.prompt_tokens) ?? count(usage.input_tokens)
  const completion = count(usage.completion_tokens) ?? count(usage.output_tokens)
  if (prompt === undefined && completion === undefined) return undefined
  const promptDetails = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {}
  const completionDetails = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : {}
  const cached = count(promptDetails.cached_tokens) ?? count(usage.prompt_cache_hit_tokens) ?? 0
  const reasoning = count(completionDetails.reasoning_tokens) ?? 0
  const total = count(usage.total_tokens)
  const input = prompt ?? 0
  let output = completion ?? 0
  if (reasoning > 0 && total !== undefined && total === input + output + reasoning) output += reasoning
  return responsesUsage({ input, cached, output, reasoning })
}

/** Usage can sit at the top level, in Groq's `x_groq`, or in Moonshot's `choices[0]` (wire-formats.md §5 #24). */
export function findChunkUsage(chunk: Record<string, unknown>): Record<string, unknown> | undefined {
  if (isRecord(chunk.usage)) return chunk.usage
  if (isRecord(chunk.x_groq) && isRecord(chunk.x_groq.usage)) return chunk.x_groq.usage
  const firstChoice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined
  return isRecord(firstChoice) && isRecord(firstChoice.usage) ? firstChoice.usage : undefined
}
