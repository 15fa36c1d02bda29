import type { Bindings } from '../../env'
import { GatewayError } from '../../http/gateway-error'
import { jsonResponse } from '../../http/json-response'
import { chatgptAuth, chatgptBaseUrl } from './chatgpt-auth'
import { passthroughBody, rewriteModel } from './chatgpt-body'
import { passthroughRequestHeaders, passthroughResponseHeaders } from './chatgpt-headers'

export interface PassthroughRequest {
  env: Bindings
  headers: Headers
  body: Record<string, unknown>
  bytes: Uint8Array
  slug: string
}

/**
 * `gpt-5.5` through the user's ChatGPT subscription: Codex's native request to ChatGPT's Codex backend, and its
 * answer back as it came (status, rate-limit headers, SSE bytes untouched). Nothing is translated, so nothing
 * is lost.
 */
export async function serveChatgptPassthrough(request: PassthroughRequest): Promise<Response> {
  const auth = await chatgptAuth(request.env)
  const accept = request.body.stream === true ? 'text/event-stream' : 'application/json'
  const upstream = await fetchUpstream(`${chatgptBaseUrl(request.env)}/responses`, {
    method: 'POST',
    headers: passthroughRequestHeaders(request.headers, auth, accept),
    body: passthroughBody(request.body, request.bytes),
  })
  return new Response(upstream.body, { status: upstream.status, headers: passthroughResponseHeaders(upstream.headers) })
}

/** `/v1/responses/compact` for passthrough slugs: the backend's compact endpoint, with model names mapped back. */
export async function serveChatgptCompact(request: PassthroughRequest): Promise<Response> {
  const auth = await chatgptAuth(request.env)
  const upstream = await fetchUpstream(`${chatgptBaseUrl(request.env)}/responses/compact`, {
    method: 'POST',
    headers: passthroughRequestHeaders(request.headers, auth, 'application/json'),
    body: passthroughBody(request.body, request.bytes, { dropStream: true }),
  })
  const headers = passthroughResponseHeaders(upstream.headers)
  if (!upstream.ok) return new Response(upstream.body, { status: upstream.status, headers })
  const body = rewriteModel(await upstream.json(), request.slug)
  return jsonResponse(body, upstream.status, Object.fromEntries([...headers.entries()].filter(([name]) => name !== 'content-type')))
}

async function fetchUpstream(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch (error) {
    throw new GatewayError(502, 'upstream_unreachable', `ChatGPT's Codex backend could not be reached: ${error instanceof Error ? error.message : String(error)}`)
  }
}
