import { GatewayError } from './gateway-error'

/** A 400 that names the offending field, e.g. `input[3].call_id: expected a string`. */
export function badRequest(path: string, problem: string): GatewayError {
  return new GatewayError(400, 'invalid_request', `${path}: ${problem}`, { type: 'invalid_request_error' })
}

export function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw badRequest(path, 'expected a string')
  return value
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
