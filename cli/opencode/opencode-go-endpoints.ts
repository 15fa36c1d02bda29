/** OpenCode Go's three wire formats (reference/opencode-and-desktop.md §1.3) and the provider kind serving each. */
export const OPENCODE_ENDPOINTS = ['chat', 'messages', 'responses'] as const
export type OpencodeEndpoint = (typeof OPENCODE_ENDPOINTS)[number]

export const OPENCODE_GO_BASE_URL = 'https://opencode.ai/zen/go/v1'
export const OPENCODE_GO_KEY_ENV = 'OPENCODE_GO_API_KEY'
/** The same marker the original codex-shim writes, so rows it generated are replaced too. */
export const OPENCODE_GO_GENERATED_BY = 'codex-shim opencode-go refresh'

export const PROVIDER_OF_ENDPOINT: Record<OpencodeEndpoint, string> = {
  chat: 'generic-chat-completion-api',
  messages: 'anthropic',
  responses: 'responses',
}

export const PATH_OF_ENDPOINT: Record<OpencodeEndpoint, string> = {
  chat: '/chat/completions',
  messages: '/messages',
  responses: '/responses',
}

export interface EndpointProbeRequest {
  url: string
  headers: Record<string, string>
  body: Record<string, unknown>
}

/**
 * The smallest request each endpoint serves: one "hi" and one output token (16 for Responses, its minimum).
 * `/messages` reads only `x-api-key`; the others only a Bearer token (§1.4).
 */
export function endpointProbeRequest(
  endpoint: OpencodeEndpoint,
  baseUrl: string,
  model: string,
  apiKey: string,
): EndpointProbeRequest {
  const url = `${baseUrl}${PATH_OF_ENDPOINT[endpoint]}`
  switch (endpoint) {
    case 'chat':
      return {
        url,
        headers: { authorization: `Bearer ${apiKey}` },
        body: { model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 1, stream: false },
      }
    case 'messages':
      return {
        url,
        headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' },
        body: { model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 },
      }
    case 'responses':
      return {
        url,
        headers: { authorization: `Bearer ${apiKey}` },
        body: { model, input: 'hi', max_output_tokens: 16, store: false },
      }
  }
}
