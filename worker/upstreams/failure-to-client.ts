import type { FailureCode } from '../canonical/responses-stream-writer'
import { GatewayError } from '../http/gateway-error'
import type { RejectionReason, UpstreamFailure } from './upstream-failure'

const REJECTION_PHRASES: Record<RejectionReason, string> = {
  api_key: 'the upstream rejected the API key',
  access: 'the upstream refused access',
  not_found: 'the upstream does not know this model or endpoint',
  too_large: 'the upstream refused a request this large',
  quota: 'the upstream has no quota left for this key',
  request: 'the upstream rejected the request',
}

/** One wording for a failure, whichever way it reaches the client: `deepseek-chat: the upstream … (401): …`. */
export function describeFailure(failure: UpstreamFailure, slug: string): string {
  switch (failure.kind) {
    case 'rate_limited':
      return `${slug}: the upstream is rate limiting: ${failure.message}`
    case 'context_length_exceeded':
      return `${slug}: the conversation is longer than the model's context window: ${failure.message}`
    case 'rejected':
      return `${slug}: ${REJECTION_PHRASES[failure.reason]} (${failure.status}): ${failure.message}`
    case 'unusable':
      return `${slug}: ${failure.message}`
    case 'unavailable':
      return `${slug}: the upstream failed (${failure.status}): ${failure.message}`
    case 'unreachable':
      return `${slug}: the upstream could not be reached: ${failure.message}`
    case 'timed_out':
      return `${slug}: the upstream timed out: ${failure.message}`
  }
}

/**
 * Before the first byte: an HTTP status Codex understands (ARCHITECTURE.md "Errors"). Codex retries everything but
 * a 400, and shows a 400's body as it is: so what a retry cannot fix is a 400 that says why, and the rest keeps a
 * retryable status (429 with its retry-after, 502, 504).
 */
export function failureToGatewayError(failure: UpstreamFailure, slug: string): GatewayError {
  const message = describeFailure(failure, slug)
  switch (failure.kind) {
    case 'rate_limited':
      return new GatewayError(429, 'rate_limit_exceeded', message, { retryAfterSeconds: failure.retryAfterSeconds })
    case 'context_length_exceeded':
      return new GatewayError(400, 'context_length_exceeded', message)
    case 'rejected':
      return new GatewayError(400, 'upstream_rejected', message, { type: 'invalid_request_error' })
    case 'unusable':
      return new GatewayError(400, 'upstream_unusable', message, { type: 'invalid_request_error' })
    case 'unavailable':
      return new GatewayError(502, 'upstream_error', message)
    case 'unreachable':
      return new GatewayError(502, 'upstream_unreachable', message)
    case 'timed_out':
      return new GatewayError(504, 'upstream_timeout', message)
  }
}

/**
 * After the first byte: a `response.failed` code Codex acts on (reference/codex-client.md §5). Codex retries every
 * code but a few; of those, `invalid_prompt` is the one it ends the turn on while showing our message, so it is
 * the code for everything no retry can fix (`context_length_exceeded` and `insufficient_quota` show Codex's own
 * fixed texts instead, which would hide which upstream refused and why).
 */
export function failureToStreamError(failure: UpstreamFailure, slug: string): { code: FailureCode; message: string } {
  const message = describeFailure(failure, slug)
  switch (failure.kind) {
    case 'rate_limited': {
      // Codex reads the delay from "try again in Ns" when the code is rate_limit_exceeded.
      const wait = failure.retryAfterSeconds === undefined ? '' : ` Please try again in ${failure.retryAfterSeconds}s.`
      return { code: 'rate_limit_exceeded', message: `${message}${wait}` }
    }
    case 'context_length_exceeded':
      return { code: 'context_length_exceeded', message }
    case 'rejected':
    case 'unusable':
      return { code: 'invalid_prompt', message }
    case 'unavailable':
    case 'unreachable':
    case 'timed_out':
      return { code: 'server_error', message }
  }
}

/** A non-streaming answer whose translation ended as failed: the HTTP status its code stands for. */
export function streamErrorToGatewayError(code: FailureCode, message: string): GatewayError {
  switch (code) {
    case 'rate_limit_exceeded':
      return new GatewayError(429, code, message)
    case 'context_length_exceeded':
      return new GatewayError(400, code, message)
    case 'invalid_prompt':
    case 'insufficient_quota':
      return new GatewayError(400, 'upstream_rejected', message, { type: 'invalid_request_error' })
    case 'server_is_overloaded':
    case 'server_error':
      return new GatewayError(502, 'upstream_error', message)
  }
}
