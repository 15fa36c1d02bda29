import type { FailureCode } from '../canonical/responses-stream-writer'
import { GatewayError } from '../http/gateway-error'
import { isRecord } from '../http/bad-request'

/** What went wrong upstream, decided once and then shown as an HTTP error or a `response.failed`. */
export type UpstreamFailure =
  | { kind: 'rate_limited'; message: string; retryAfterSeconds?: number }
  | { kind: 'context_length_exceeded'; message: string }
  | { kind: 'rejected'; status: number; message: string }
  | { kind: 'unavailable'; status: number; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'timed_out'; message: string }

const CONTEXT_OVERFLOW = /context.?length|context window|maximum context|prompt is too long|too many tokens|reduce the length|exceeds? the (?:model'?s? )?(?:max(?:imum)?|context)|input is too long/i
const MAX_MESSAGE = 600

/** Classifies an upstream HTTP error from its status, headers and body (any of the common error shapes). */
export function classifyHttpFailure(status: number, headers: Headers, bodyText: string, secrets: readonly string[]): UpstreamFailure {
  const message = redact(upstreamMessage(bodyText) || `HTTP ${status}`, secrets)
  if (status === 429) return { kind: 'rate_limited', message, retryAfterSeconds: retryAfterOf(headers, message) }
  if (CONTEXT_OVERFLOW.test(message) && (status === 400 || status === 413 || status === 422)) return { kind: 'context_length_exceeded', message }
  if (status >= 500 || status === 408) return { kind: 'unavailable', status, message }
  return { kind: 'rejected', status, message }
}

/** Classifies an error reported inside a stream (a `{"error": …}` chunk or an `error` event). */
export function classifyStreamError(error: unknown, secrets: readonly string[]): UpstreamFailure {
  const message = redact(upstreamMessage(JSON.stringify(error)) || 'the upstream reported an error', secrets)
  const code = isRecord(error) ? String(error.code ?? error.type ?? '') : ''
  if (/rate.?limit|429|overloaded/i.test(code) || /rate.?limit/i.test(message)) {
    return { kind: 'rate_limited', message, retryAfterSeconds: retryAfterOf(new Headers(), message) }
  }
  if (CONTEXT_OVERFLOW.test(message) || /context_length/i.test(code)) return { kind: 'context_length_exceeded', message }
  return { kind: 'unavailable', status: 500, message }
}

/** Before the first byte: an HTTP status Codex understands (ARCHITECTURE.md "Errors"). */
export function failureToGatewayError(failure: UpstreamFailure, slug: string): GatewayError {
  const prefix = `Upstream for ${slug}`
  switch (failure.kind) {
    case 'rate_limited':
      return new GatewayError(429, 'rate_limit_exceeded', `${prefix} is rate limiting: ${failure.message}`, { retryAfterSeconds: failure.retryAfterSeconds })
    case 'context_length_exceeded':
      return new GatewayError(400, 'context_length_exceeded', `${prefix}: the conversation is longer than the model's context window. ${failure.message}`)
    case 'rejected':
      return new GatewayError(failure.status === 404 ? 502 : failure.status, 'upstream_rejected', `${prefix} refused the request (HTTP ${failure.status}): ${failure.message}`)
    case 'unavailable':
      return new GatewayError(502, 'upstream_error', `${prefix} failed (HTTP ${failure.status}): ${failure.message}`)
    case 'unreachable':
      return new GatewayError(502, 'upstream_unreachable', `${prefix} could not be reached: ${failure.message}`)
    case 'timed_out':
      return new GatewayError(504, 'upstream_timeout', `${prefix} timed out: ${failure.message}`)
  }
}

/** After the first byte: a `response.failed` code Codex acts on (retry, wait, compact, or stop and show). */
export function failureToStreamError(failure: UpstreamFailure, slug: string): { code: FailureCode; message: string } {
  const prefix = `Upstream for ${slug}`
  switch (failure.kind) {
    case 'rate_limited': {
      // Codex reads the delay from "try again in Ns" when the code is rate_limit_exceeded.
      const wait = failure.retryAfterSeconds === undefined ? '' : ` Please try again in ${failure.retryAfterSeconds}s.`
      return { code: 'rate_limit_exceeded', message: `${prefix} is rate limiting: ${failure.message}${wait}` }
    }
    case 'context_length_exceeded':
      return { code: 'context_length_exceeded', message: `${prefix}: ${failure.message}` }
    case 'rejected':
      return { code: 'invalid_prompt', message: `${prefix} refused the request (HTTP ${failure.status}): ${failure.message}` }
    case 'unavailable':
      return { code: 'server_error', message: `${prefix} failed: ${failure.message}` }
    case 'unreachable':
      return { code: 'server_error', message: `${prefix} could not be reached: ${failure.message}` }
    case 'timed_out':
      return { code: 'server_error', message: `${prefix} timed out: ${failure.message}` }
  }
}

/** The human part of an error body: OpenAI, Anthropic, vLLM, Mistral and Gemini (an array) shapes. */
export function upstreamMessage(bodyText: string): string {
  let value: unknown
  try {
    value = JSON.parse(bodyText)
  } catch {
    return bodyText.trim().slice(0, MAX_MESSAGE)
  }
  if (Array.isArray(value)) value = value[0]
  const candidates: unknown[] = []
  if (isRecord(value)) {
    const error = value.error
    if (isRecord(error)) candidates.push(error.message, error.msg)
    candidates.push(typeof error === 'string' ? error : undefined, value.message, value.detail, value.msg)
  }
  const found = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '')
  return (found ?? bodyText.trim()).slice(0, MAX_MESSAGE)
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

/** Upstreams echo (parts of) keys in auth errors; nothing that looks like one reaches Codex or the log. */
function redact(message: string, secrets: readonly string[]): string {
  let result = message
  for (const secret of secrets) if (secret.length >= 6) result = result.split(secret).join('[redacted]')
  return result.replace(/\b(sk|pk|rk|key)-[A-Za-z0-9_*.-]{6,}/g, '$1-[redacted]')
}
