/** Headers of Codex's own requests that ChatGPT's Codex backend uses (session, turn state, client identity). */
const FORWARDED_REQUEST_HEADERS = new Set([
  'originator',
  'user-agent',
  'session_id',
  'session-id',
  'thread-id',
  'conversation_id',
  'x-client-request-id',
  'version',
  'openai-beta',
  'accept-language',
])
/** Upstream response headers Codex reads: rate limits, turn state, model metadata, request ids. */
const RETURNED_PREFIXES = ['x-codex-', 'x-ratelimit-', 'openai-', 'x-openai-']
const RETURNED_HEADERS = new Set([
  'content-type',
  'retry-after',
  'x-request-id',
  'x-models-etag',
  'x-reasoning-included',
  'cache-control',
])

export function passthroughRequestHeaders(
  incoming: Headers,
  auth: { accessToken: string; accountId?: string },
  accept: string,
): Headers {
  const headers = new Headers()
  incoming.forEach((value, name) => {
    if (FORWARDED_REQUEST_HEADERS.has(name) || name.startsWith('x-codex-')) headers.set(name, value)
  })
  if (!headers.has('originator')) headers.set('originator', 'codex_cli_rs')
  headers.set('authorization', `Bearer ${auth.accessToken}`)
  if (auth.accountId !== undefined) headers.set('chatgpt-account-id', auth.accountId)
  headers.set('content-type', 'application/json')
  headers.set('accept', accept)
  return headers
}

export function passthroughResponseHeaders(upstream: Headers): Headers {
  const headers = new Headers()
  upstream.forEach((value, name) => {
    if (RETURNED_HEADERS.has(name) || RETURNED_PREFIXES.some((prefix) => name.startsWith(prefix)))
      headers.set(name, value)
  })
  return headers
}
