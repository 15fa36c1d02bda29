import type { GatewayError } from './gateway-error'
import { jsonResponse } from './json-response'

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
}

/** Errors for Anthropic clients in Anthropic's shape, which their SDKs turn into the matching error classes. */
export function anthropicErrorResponse(error: GatewayError): Response {
  const type = TYPES[error.status] ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error')
  const headers: Record<string, string> = {}
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds)
  return jsonResponse({ type: 'error', error: { type, message: error.message } }, error.status, headers)
}
