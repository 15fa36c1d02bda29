import type { ResolvedModel } from '../../shared/host-protocol'
import { ANTHROPIC_VERSION, anthropicMessagesUrl } from './anthropic/anthropic-request'
import { assertApiKeyAvailable } from './missing-api-key'
import { hasDeveloperMessage, withoutDeveloperRoles } from './openai-chat/chat-developer-roles'
import { chatCompletionsUrl } from './openai-chat/chat-request'
import { servePassthrough } from './passthrough/serve-passthrough'
import { secretsOfModel } from './redact-secrets'
import type { ServeOptions } from './serve-options'

/** Response headers worth handing back from a same-format upstream: type, rate limits, retry hints, ids. */
const RETURNED =
  /^(content-type|retry-after|retry-after-ms|request-id|x-request-id|anthropic-ratelimit-.*|x-ratelimit-.*)$/

export interface SameFormatRequest {
  model: ResolvedModel
  body: Record<string, unknown>
  incoming: Headers
  /** `messages` for Anthropic Messages, `chat` for chat completions; `count_tokens` for Anthropic's counter. */
  endpoint: 'messages' | 'count_tokens' | 'chat'
  options: ServeOptions
}

/**
 * When the client already speaks the upstream's format (Messages to an Anthropic model, chat completions to a
 * chat model) there is nothing to translate: the body goes on with only the model name replaced (and developer
 * roles mapped for chat servers that have none), with the model's key and headers, and the answer comes back as
 * it is (passthrough/serve-passthrough.ts bounds it).
 */
export async function serveSameFormat(request: SameFormatRequest): Promise<Response> {
  const { model, incoming } = request
  assertApiKeyAvailable(model)
  const isStreaming = request.body.stream === true
  const headers = new Headers({
    'content-type': 'application/json',
    accept: isStreaming ? 'text/event-stream' : 'application/json',
  })
  let url: string
  if (request.endpoint === 'chat') {
    url = chatCompletionsUrl(model.baseUrl)
    if (model.apiKey !== undefined) headers.set('authorization', `Bearer ${model.apiKey}`)
  } else {
    url = anthropicMessagesUrl(model.baseUrl) + (request.endpoint === 'count_tokens' ? '/count_tokens' : '')
    headers.set('anthropic-version', incoming.get('anthropic-version') ?? ANTHROPIC_VERSION)
    const beta = incoming.get('anthropic-beta')
    if (beta !== null) headers.set('anthropic-beta', beta)
    if (model.apiKey !== undefined) headers.set('x-api-key', model.apiKey)
  }
  for (const [name, value] of Object.entries(model.extraHeaders)) headers.set(name, value)
  return servePassthrough({
    slug: model.slug,
    url,
    headers,
    body: JSON.stringify({ ...bodyForUpstream(request), model: model.model }),
    isStreaming,
    format: request.endpoint === 'chat' ? 'chat' : 'messages',
    responseHeaders: returnedHeaders,
    secrets: [...secretsOfModel(model), ...request.options.secrets],
    options: request.options,
  })
}

/**
 * The client's body, except that a chat upstream other than OpenAI's own (which defines the role) gets no
 * `developer` message. A body without one is not touched: this is the hot path.
 */
function bodyForUpstream(request: SameFormatRequest): Record<string, unknown> {
  const { body } = request
  const { messages } = body
  if (request.endpoint !== 'chat' || request.model.provider === 'openai' || !hasDeveloperMessage(messages)) return body
  return { ...body, messages: withoutDeveloperRoles(messages) }
}

function returnedHeaders(upstream: Headers): Headers {
  const returned = new Headers()
  upstream.forEach((value, name) => {
    if (RETURNED.test(name)) returned.set(name, value)
  })
  return returned
}
