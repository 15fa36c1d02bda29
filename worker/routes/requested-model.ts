import { GatewayError } from '../http/gateway-error'

export function requestedModel(body: Record<string, unknown>): string {
  const model = body.model
  if (typeof model !== 'string' || model.trim() === '') throw new GatewayError(400, 'invalid_model', 'model: expected a string naming a configured model slug.')
  return model
}
