import type { Bindings } from '../../env'
import { jsonResponse } from '../../http/json-response'
import { GatewayError } from '../../http/gateway-error'
import { failureToGatewayError } from '../failure-to-client'
import { refusedResponse } from '../passthrough/passthrough-errors'
import { servePassthrough } from '../passthrough/serve-passthrough'
import { MAX_JSON_BODY_BYTES, readCapped } from '../read-upstream-body'
import type { ServeOptions } from '../serve-options'
import { startUpstreamCall, transportFailure } from '../upstream-call'
import { chatgptAuth, chatgptBaseUrl } from './chatgpt-auth'
import { passthroughBody, rewriteModel } from './chatgpt-body'
import { passthroughRequestHeaders, passthroughResponseHeaders } from './chatgpt-headers'

export interface PassthroughRequest {
  env: Bindings
  headers: Headers
  body: Record<string, unknown>
  bytes: Uint8Array
  slug: string
  options: ServeOptions
}

/**
 * `gpt-5.5` through the user's ChatGPT subscription: Codex's native request to ChatGPT's Codex backend, and its
 * answer back as it came (status, rate-limit headers, SSE bytes untouched), with the bounds of every other route.
 * Nothing is translated, so nothing is lost.
 */
export async function serveChatgptPassthrough(request: PassthroughRequest): Promise<Response> {
  const auth = await chatgptAuth(request.env)
  const isStreaming = request.body.stream === true
  return servePassthrough({
    slug: request.slug,
    url: `${chatgptBaseUrl(request.env)}/responses`,
    headers: passthroughRequestHeaders(request.headers, auth, isStreaming ? 'text/event-stream' : 'application/json'),
    body: passthroughBody(request.body, request.bytes),
    isStreaming,
    format: 'responses',
    responseHeaders: passthroughResponseHeaders,
    secrets: [auth.accessToken, ...request.options.secrets],
    options: request.options,
  })
}

/** `/v1/responses/compact` for passthrough slugs: the backend's compact endpoint, with model names mapped back. */
export async function serveChatgptCompact(request: PassthroughRequest): Promise<Response> {
  const auth = await chatgptAuth(request.env)
  const secrets = [auth.accessToken, ...request.options.secrets]
  const call = startUpstreamCall(
    {
      url: `${chatgptBaseUrl(request.env)}/responses/compact`,
      headers: passthroughRequestHeaders(request.headers, auth, 'application/json'),
      body: passthroughBody(request.body, request.bytes, { dropStream: true }),
    },
    { timeoutMs: request.options.timeoutMs },
  )
  try {
    const outcome = await call.settled
    if (outcome.kind === 'failed')
      throw failureToGatewayError(
        transportFailure(outcome.error, call.abortCause(), call.timeoutMs, secrets),
        request.slug,
      )
    if (outcome.kind === 'refused')
      return refusedResponse(outcome, 'responses', passthroughResponseHeaders(outcome.headers), secrets)
    const read = await readCapped(outcome.response.body, MAX_JSON_BODY_BYTES)
    if (read.error !== undefined)
      throw failureToGatewayError(
        transportFailure(read.error, call.abortCause(), call.timeoutMs, secrets),
        request.slug,
      )
    let body: unknown
    try {
      body = JSON.parse(new TextDecoder().decode(read.bytes))
    } catch (error) {
      throw new GatewayError(
        502,
        'upstream_invalid_json',
        `${request.slug}: ChatGPT's compact endpoint answered with something that is not JSON.`,
        { cause: error },
      )
    }
    const headers = passthroughResponseHeaders(outcome.response.headers)
    return jsonResponse(
      rewriteModel(body, request.slug),
      outcome.response.status,
      Object.fromEntries([...headers.entries()].filter(([name]) => name !== 'content-type')),
    )
  } finally {
    call.disarmHeaderTimer()
  }
}
