/**
 * Responses usage as Codex parses it: all three totals required, and details, when present, complete
 * (reference/codex-client.md §4). `input_tokens` includes cached tokens; `output_tokens` includes reasoning.
 */
export interface ResponsesUsage {
  input_tokens: number
  input_tokens_details: { cached_tokens: number }
  output_tokens: number
  output_tokens_details: { reasoning_tokens: number }
  total_tokens: number
}

export function responsesUsage(counts: {
  input: number
  cached?: number
  output: number
  reasoning?: number
}): ResponsesUsage {
  return {
    input_tokens: counts.input,
    input_tokens_details: { cached_tokens: counts.cached ?? 0 },
    output_tokens: counts.output,
    output_tokens_details: { reasoning_tokens: counts.reasoning ?? 0 },
    total_tokens: counts.input + counts.output,
  }
}
