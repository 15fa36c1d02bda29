import type { ResolvedModel } from '../../shared/host-protocol'

/**
 * The output limit to send: the request's own, or the model's `max_output_tokens`; a request above the model's
 * limit is clamped to it and the summary says so (a model refuses a max_tokens above its cap with a 400).
 */
export function outputLimitOf(
  body: Record<string, unknown>,
  model: ResolvedModel,
  dropped: string[],
): number | undefined {
  const requested = typeof body.max_output_tokens === 'number' ? body.max_output_tokens : undefined
  const cap = model.maxOutputTokens
  if (requested !== undefined && cap !== undefined && requested > cap) {
    dropped.push(`max_output_tokens: ${requested} is above the model's max_output_tokens, sent ${cap}`)
    return cap
  }
  return requested ?? cap
}
