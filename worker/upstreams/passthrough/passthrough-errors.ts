import { createResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import { anthropicEgress } from '../../egress/anthropic-egress'
import { chatEgress } from '../../egress/chat-egress'
import { anthropicErrorResponse } from '../../http/anthropic-error-response'
import { openAiErrorResponse } from '../../http/error-response'
import { GatewayError } from '../../http/gateway-error'
import { encodeResponsesEvent } from '../../protocol/encode-sse'
import type { ResponsesStreamEvent } from '../../protocol/responses-stream-events'
import { failureToStreamError } from '../failure-to-client'
import { redactSecrets } from '../redact-secrets'
import type { FetchOutcome } from '../upstream-call'
import type { UpstreamFailure } from '../upstream-failure'
import { upstreamMessage } from '../upstream-message'

/** The wire format a passthrough's client speaks, for the errors the gateway itself has to write. */
export type PassthroughFormat = 'responses' | 'messages' | 'chat'

/**
 * An upstream refusal handed on as it came (status, headers, body), except that known secrets are redacted and a
 * body too long to have been read whole (over 64 KB) is replaced by a short error in the client's own shape that
 * keeps how the upstream's message began.
 */
export function refusedResponse(
  refused: Extract<FetchOutcome, { kind: 'refused' }>,
  format: PassthroughFormat,
  headers: Headers,
  secrets: readonly string[],
): Response {
  if (!refused.isTruncated)
    return new Response(redactSecrets(refused.bodyText, secrets), { status: refused.status, headers })
  const error = new GatewayError(
    refused.status,
    'upstream_error',
    redactSecrets(upstreamMessage(refused.bodyText), secrets),
  )
  const response = format === 'messages' ? anthropicErrorResponse(error) : openAiErrorResponse(error)
  headers.forEach((value, name) => {
    if (name !== 'content-type') response.headers.set(name, value)
  })
  return response
}

/**
 * The terminal error a client of this format understands, for a failure after its stream began: `response.failed`
 * (Codex), an `error` event (Anthropic SDKs), a `{"error": …}` chunk (OpenAI SDKs).
 */
export function terminalErrorText(
  format: PassthroughFormat,
  slug: string,
  failure: UpstreamFailure,
): { text: string; code: string } {
  const { code, message } = failureToStreamError(failure, slug)
  const writer = createResponsesStreamWriter({ model: slug, emit: () => undefined })
  writer.fail(code, message)
  const failed: ResponsesStreamEvent = { type: 'response.failed', sequence_number: 0, response: writer.finalResponse() }
  switch (format) {
    case 'responses':
      return { text: encodeResponsesEvent(failed), code }
    case 'messages':
      return { text: anthropicEgress(slug).encode(failed), code }
    case 'chat':
      return { text: chatEgress({ includeUsage: false })(slug).encode(failed), code }
  }
}
