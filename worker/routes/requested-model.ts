import { GatewayError } from '../http/gateway-error'

/**
 * The model a request names. Codex Desktop sometimes leaves `model` out of follow-up requests to a custom provider
 * (openai/codex#41095); Responses routes then use the model the managed block selects, when there is one.
 */
export function requestedModel(body: Record<string, unknown>, fallback?: string): string {
  const model = body.model
  if (typeof model === 'string' && model.trim() !== '') return model
  if (model === undefined && fallback !== undefined) return fallback
  throw new GatewayError(400, 'invalid_model', 'model: expected a string naming a configured model slug.')
}
