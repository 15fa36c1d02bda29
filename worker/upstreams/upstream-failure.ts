import { isRecord } from '../http/bad-request'
import { redactSecrets } from './redact-secrets'
import { upstreamErrorCode, upstreamMessage } from './upstream-message'

/** Why an upstream refused in a way no retry can fix; each has its own wording (failure-to-client.ts). */
export type RejectionReason = 'api_key' | 'access' | 'not_found' | 'too_large' | 'quota' | 'request'

/**
 * What went wrong upstream, decided once and then shown as an HTTP error or a `response.failed`. Messages are the
 * upstream's own words, already redacted.
 */
export type UpstreamFailure =
  | { kind: 'rate_limited'; message: string; retryAfterSeconds?: number }
  | { kind: 'context_length_exceeded'; message: string }
  /** A 4xx that the same request will get again: retrying only costs money (issue 12). */
  | { kind: 'rejected'; status: number; reason: RejectionReason; message: string }
  /** An answer the gateway cannot use and a retry would not change (an HTML page, an event over the size bound). */
  | { kind: 'unusable'; message: string }
  | { kind: 'unavailable'; status: number; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'timed_out'; message: string }

const CONTEXT_OVERFLOW =
  /context.?length|context window|maximum context|prompt is too long|too many tokens|reduce the length|exceeds? the (?:model'?s? )?(?:max(?:imum)?|context)|input is too long/i
/** "Request exceeds the maximum allowed number of bytes" (Anthropic's 413) is about size on the wire, not tokens. */
const BYTE_LIMIT = /\bbytes?\b|\bsize\b/i
const isContextOverflow = (message: string) => CONTEXT_OVERFLOW.test(message) && !BYTE_LIMIT.test(message)
/** Quota and plan limits (OpenAI's insufficient_quota, ChatGPT's usage_limit_reached): waiting minutes will not help. */
const QUOTA =
  /insufficient_quota|quota_exceeded|billing_hard_limit|usage_limit_reached|usage_not_included|exceeded your current quota/i
/** Client errors that are about timing, not about the request: a retry may well succeed. */
const TRANSIENT_CLIENT_STATUSES = new Set([408, 409, 425])
const REJECTION_REASONS: Record<number, RejectionReason> = {
  401: 'api_key',
  402: 'quota',
  403: 'access',
  404: 'not_found',
  413: 'too_large',
}

/**
 * Classifies an upstream HTTP error from its status, headers and body (any of the common error shapes): 429 with
 * a quota code and every other 4xx are rejections; 429, 408, 409, 425 and 5xx (529 included) are worth a retry.
 */
export function classifyHttpFailure(
  status: number,
  headers: Headers,
  bodyText: string,
  secrets: readonly string[],
): UpstreamFailure {
  const message = redactSecrets(upstreamMessage(bodyText) || `HTTP ${status}`, secrets)
  const code = upstreamErrorCode(bodyText)
  if (status === 429 || status === 402) {
    if (status === 402 || QUOTA.test(code) || QUOTA.test(message))
      return { kind: 'rejected', status, reason: 'quota', message }
    return { kind: 'rate_limited', message, retryAfterSeconds: retryAfterOf(headers, message) }
  }
  if (isContextOverflow(message) && (status === 400 || status === 413 || status === 422))
    return { kind: 'context_length_exceeded', message }
  if (status >= 500 || TRANSIENT_CLIENT_STATUSES.has(status) || status < 400)
    return { kind: 'unavailable', status, message }
  return { kind: 'rejected', status, reason: REJECTION_REASONS[status] ?? 'request', message }
}

/**
 * Classifies an error reported inside a stream (a `{"error": …}` chunk or an `error` event), where only the body's
 * own type or code tells a rejection from a hiccup.
 */
export function classifyStreamError(error: unknown, secrets: readonly string[]): UpstreamFailure {
  const message = redactSecrets(upstreamMessage(JSON.stringify(error)) || 'the upstream reported an error', secrets)
  const code = isRecord(error) ? [error.code, error.type].map((part) => String(part ?? '')).join(' ') : ''
  if (QUOTA.test(code) || QUOTA.test(message)) return { kind: 'rejected', status: 429, reason: 'quota', message }
  if (/rate.?limit|429|overloaded/i.test(code) || /rate.?limit/i.test(message)) {
    return { kind: 'rate_limited', message, retryAfterSeconds: retryAfterOf(new Headers(), message) }
  }
  if (isContextOverflow(message) || /context_length/i.test(code)) return { kind: 'context_length_exceeded', message }
  const rejection = streamRejectionOf(code)
  if (rejection) return { kind: 'rejected', status: rejection.status, reason: rejection.reason, message }
  return { kind: 'unavailable', status: 500, message }
}

const STREAM_REJECTIONS: { pattern: RegExp; status: number; reason: RejectionReason }[] = [
  { pattern: /authentication_error|invalid_api_key|\b401\b/, status: 401, reason: 'api_key' },
  { pattern: /permission_error|\b403\b/, status: 403, reason: 'access' },
  { pattern: /not_found_error|model_not_found|\b404\b/, status: 404, reason: 'not_found' },
  { pattern: /invalid_request_error|\b400\b/, status: 400, reason: 'request' },
]

function streamRejectionOf(code: string): { status: number; reason: RejectionReason } | undefined {
  return STREAM_REJECTIONS.find((entry) => entry.pattern.test(code))
}

function retryAfterOf(headers: Headers, message: string): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms'))
  if (Number.isFinite(milliseconds) && milliseconds > 0) return Math.ceil(milliseconds / 1000)
  const header = headers.get('retry-after')
  if (header !== null) {
    const seconds = Number(header)
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
    const date = Date.parse(header)
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000))
  }
  const inMessage = /try again in (\d+(?:\.\d+)?)\s*(ms|s|seconds?)\b/i.exec(message)
  if (inMessage?.[1] !== undefined) return Math.ceil(Number(inMessage[1]) / (inMessage[2] === 'ms' ? 1000 : 1))
  return undefined
}
