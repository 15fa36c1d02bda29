import { SSE_HEADERS } from '../../protocol/encode-sse'
import { sleep } from '../sleep'
import { failureToGatewayError } from '../failure-to-client'
import type { ServeOptions } from '../serve-options'
import { startUpstreamCall, transportFailure, type UpstreamCall } from '../upstream-call'
import { refusedResponse, type PassthroughFormat } from './passthrough-errors'
import { relayAnswer, relayOnceAnswered } from './relay-upstream-body'

export type { PassthroughFormat } from './passthrough-errors'

export interface PassthroughRequest {
  slug: string
  url: string
  headers: Headers
  body: BodyInit
  isStreaming: boolean
  format: PassthroughFormat
  /** The upstream response headers the client gets. */
  responseHeaders: (upstream: Headers) => Headers
  /** Redacted from error bodies: the credential this request carries, and the gateway's own secrets. */
  secrets: readonly string[]
  options: Pick<ServeOptions, 'summary' | 'waitUntil' | 'timeoutMs' | 'headerGraceMs'>
}

/**
 * A request whose client already speaks the upstream's format, answered with the upstream's own bytes, under the
 * bounds translated routes have (ARCHITECTURE.md "Work is bounded"): the upstream timeout before headers and
 * between chunks, keepalives so a departed client aborts the upstream request, error bodies read up to 64 KB.
 * Statuses that arrive within the header grace are the client's as they came; after it the stream has begun,
 * and a failure becomes the format's terminal error.
 */
export async function servePassthrough(request: PassthroughRequest): Promise<Response> {
  const { options } = request
  const call = startUpstreamCall(request, { timeoutMs: options.timeoutMs })
  // A complete answer cannot start before its status is known, so only streams have a grace to wait out.
  const early = request.isStreaming
    ? await Promise.race([call.settled, sleep(options.headerGraceMs)])
    : await call.settled
  if (early === undefined) return startStreamBeforeHeaders(request, call)
  switch (early.kind) {
    case 'failed':
      call.disarmHeaderTimer()
      throw failureToGatewayError(
        transportFailure(early.error, call.abortCause(), options.timeoutMs, request.secrets),
        request.slug,
      )
    case 'refused':
      call.disarmHeaderTimer()
      return refusedResponse(early, request.format, request.responseHeaders(early.headers), request.secrets)
    case 'answered': {
      const { readable, writable } = new IdentityTransformStream()
      options.summary.isDeferred = true
      options.waitUntil(relayAnswer(request, call, early.response, writable.getWriter()))
      return new Response(readable, {
        status: early.response.status,
        headers: request.responseHeaders(early.response.headers),
      })
    }
  }
}

/** No headers within the grace: the stream starts now, with keepalives until the upstream answers. */
function startStreamBeforeHeaders(request: PassthroughRequest, call: UpstreamCall): Response {
  const { readable, writable } = new IdentityTransformStream()
  request.options.summary.isDeferred = true
  request.options.waitUntil(relayOnceAnswered(request, call, writable.getWriter()))
  return new Response(readable, { status: 200, headers: SSE_HEADERS })
}
