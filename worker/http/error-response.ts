import { HTTPException } from 'hono/http-exception'
import { GatewayError } from './gateway-error'
import { jsonResponse } from './json-response'

/** The body shape Codex shows verbatim for 400s and the SDKs parse: `{"error":{"message","type","code"}}`. */
export function openAiErrorResponse(error: GatewayError): Response {
  const headers: Record<string, string> = {}
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds)
  return jsonResponse({ error: { message: error.message, type: error.type, code: error.code } }, error.status, headers)
}

/** Anything thrown reaches clients as a GatewayError; Hono's own exceptions keep their status. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error
  if (error instanceof HTTPException)
    return new GatewayError(error.status, 'http_error', error.message || 'Request refused')
  return new GatewayError(500, 'internal_error', 'The gateway hit an unexpected error; see the daemon log.', {
    cause: error,
  })
}
