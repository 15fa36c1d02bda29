import { isRecord } from '../../shared/is-record'
import { fetchJson } from '../fetch-json'
import type { EndpointProbeRequest } from './opencode-go-endpoints'
import { retryAfterSeconds, type RateGate } from './rate-gate'

/** What one endpoint said about one model. `unknown` is neither yes nor no (a timeout, a 5xx, a long rate limit). */
export type EndpointVerdict =
  | { kind: 'works' }
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'key_rejected'; status: number; message: string }

export interface EndpointProbeOptions {
  gate: RateGate
  timeoutMs: number
  apiKey: string
  /** Told before a wait for a rate limit, to say why nothing moves. */
  onRateLimited: (seconds: number) => void
}

/** Waits this long at most for a rate limit; Go's usage limits say hours, and nobody waits that out. */
const MAX_RATE_LIMIT_WAIT_S = 60
const DEFAULT_RATE_LIMIT_WAIT_S = 2
const MAX_ATTEMPTS = 4
/** Statuses that say "not this model on this endpoint" (OpenCode answers an unsupported format with 401, §1.5). */
const REFUSALS = new Set([400, 401, 403, 404, 405, 415, 422])

/** Sends one tiny request; a 429 waits as long as `retry-after` says and asks again, instead of meaning "no". */
export async function probeEndpoint(
  request: EndpointProbeRequest,
  options: EndpointProbeOptions,
): Promise<EndpointVerdict> {
  for (let attempt = 1; ; attempt++) {
    await options.gate.wait()
    const answer = await fetchJson(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      timeoutMs: options.timeoutMs,
      maxBytes: 1024 * 1024,
    })
    if (answer.kind === 'timed_out')
      return { kind: 'unknown', reason: `no answer in ${Math.round(options.timeoutMs / 1000)} s` }
    if (answer.kind === 'unreachable') return { kind: 'unknown', reason: `unreachable (${answer.message})` }
    const { status } = answer
    if (status >= 200 && status < 300)
      return answer.json === undefined
        ? { kind: 'unknown', reason: `HTTP ${status} without a JSON body` }
        : { kind: 'works' }
    const error = errorOf(answer.json, options.apiKey)
    if (status === 429) {
      const wait = retryAfterSeconds(answer.headers) ?? DEFAULT_RATE_LIMIT_WAIT_S
      if (wait > MAX_RATE_LIMIT_WAIT_S || attempt >= MAX_ATTEMPTS)
        return { kind: 'unknown', reason: `rate limited (retry after ${wait} s)` }
      options.onRateLimited(wait)
      options.gate.holdFor(wait)
      continue
    }
    // OpenCode's gateway: every error is {"type":"error","error":{"type":"<Class>"}}; AuthError is about the key itself.
    if ((status === 401 || status === 403) && error.type === 'AuthError')
      return { kind: 'key_rejected', status, message: error.message }
    if (REFUSALS.has(status)) return { kind: 'refused', status, message: error.message }
    return { kind: 'unknown', reason: `HTTP ${status}${error.message ? `: ${error.message}` : ''}` }
  }
}

/** The error's class and words from OpenCode's or OpenAI's shape, with the key blanked should a server echo it. */
function errorOf(body: unknown, apiKey: string): { type?: string; message: string } {
  const error = isRecord(body) && isRecord(body.error) ? body.error : isRecord(body) ? body : {}
  const message = typeof error.message === 'string' ? error.message.slice(0, 200) : ''
  return {
    type: typeof error.type === 'string' ? error.type : undefined,
    message: apiKey === '' ? message : message.split(apiKey).join('***'),
  }
}
