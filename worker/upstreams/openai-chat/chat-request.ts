import type { ResolvedModel } from '../../../shared/host-protocol'
import { withCleanConversation } from '../../canonical/control-characters'
import { upstreamOrigin } from '../../canonical/reasoning-envelope'
import { assertStateless, unhandledFields } from '../../canonical/request-fields'
import { isRecord } from '../../http/bad-request'
import { outputLimitOf } from '../output-limit'
import { secretsOfModel } from '../redact-secrets'
import type { UpstreamPlan } from '../upstream-adapter'
import type { Revision } from '../upstream-call'
import type { ChatTranslationContext } from './chat-context'
import { buildChatMessages } from './chat-messages'
import { buildChatToolChoice, buildChatTools } from './chat-tools'

const REASONING_EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'])

/** `…/v1`, `…/v1beta/openai`, `…/api/paas/v4` all take `/chat/completions`; a bare host gets `/v1` first. */
export function chatCompletionsUrl(baseUrl: string): string {
  if (/\/chat\/completions$/.test(baseUrl)) return baseUrl
  const hasPath = new URL(baseUrl).pathname.replace(/\/+$/, '') !== ''
  return `${baseUrl}${hasPath ? '' : '/v1'}/chat/completions`
}

/** Builds the upstream chat-completions request for one Responses request (ARCHITECTURE.md: upstream adapters). */
export function buildChatRequest(
  body: Record<string, unknown>,
  model: ResolvedModel,
  knownSecrets: readonly string[] = [],
): UpstreamPlan<ChatTranslationContext> {
  body = withCleanConversation(body)
  const dropped: string[] = []
  const isOpenAi = model.provider === 'openai'
  const origin = upstreamOrigin(model.provider, model.baseUrl)
  const isStreaming = body.stream === true
  assertStateless(body)

  const tools = buildChatTools(body.tools)
  dropped.push(...tools.dropped)
  const messages = buildChatMessages(body.instructions, body.input, {
    origin,
    isImageSupported: !model.noImageSupport,
    modelName: model.displayName,
    dropped,
    emptyAssistantContent: isOpenAi ? null : '',
  })

  const payload: Record<string, unknown> = { model: model.model, messages }
  if (tools.tools.length > 0) {
    payload.tools = tools.tools
    const choice = buildChatToolChoice(body.tool_choice, tools.registry, dropped)
    if (choice !== undefined) payload.tool_choice = choice
    // OpenAI refuses parallel_tool_calls without tools, so it is only ever sent beside them.
    if (typeof body.parallel_tool_calls === 'boolean') payload.parallel_tool_calls = body.parallel_tool_calls
  }
  const effort = isRecord(body.reasoning) ? body.reasoning.effort : undefined
  if (typeof effort === 'string' && REASONING_EFFORTS.has(effort)) payload.reasoning_effort = effort
  const maxOutput = outputLimitOf(body, model, dropped)
  // OpenAI's reasoning models refuse max_tokens; most other servers know only max_tokens.
  if (maxOutput !== undefined) payload[isOpenAi ? 'max_completion_tokens' : 'max_tokens'] = maxOutput
  for (const field of ['temperature', 'top_p'] as const)
    if (typeof body[field] === 'number') payload[field] = body[field]
  const text = isRecord(body.text) ? body.text : undefined
  if (isRecord(text?.format) && text.format.type === 'json_schema') {
    const { type: _type, ...schema } = text.format
    payload.response_format = { type: 'json_schema', json_schema: schema }
  } else if (isRecord(text?.format) && text.format.type === 'json_object')
    payload.response_format = { type: 'json_object' }
  if (isOpenAi && typeof text?.verbosity === 'string') payload.verbosity = text.verbosity
  if (isOpenAi && typeof body.prompt_cache_key === 'string') payload.prompt_cache_key = body.prompt_cache_key
  payload.stream = isStreaming
  if (isStreaming) payload.stream_options = { include_usage: true }
  dropped.push(...unhandledFields(body, 'chat-completions'))

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: isStreaming ? 'text/event-stream' : 'application/json',
    ...model.extraHeaders,
  }
  const hasAuthorization = Object.keys(model.extraHeaders).some((name) => name.toLowerCase() === 'authorization')
  if (model.apiKey !== undefined && !hasAuthorization) headers.authorization = `Bearer ${model.apiKey}`

  const context: ChatTranslationContext = {
    slug: model.slug,
    registry: tools.registry,
    origin,
    secrets: [...secretsOfModel(model), ...knownSecrets],
    dropped,
  }
  if (maxOutput !== undefined) context.maxOutputTokens = maxOutput
  return {
    url: chatCompletionsUrl(model.baseUrl),
    headers,
    body: JSON.stringify(payload),
    isStreaming,
    dropped,
    context,
    reviseAfterRefusal: (status, bodyText) => withoutStreamOptions(payload, status, bodyText),
  }
}

/**
 * `stream_options` is how usage arrives while streaming, and strict servers (some vLLM and llama.cpp builds,
 * FastAPI proxies) refuse the unknown field: sent again once without it, the answer streams without usage.
 */
function withoutStreamOptions(
  payload: Record<string, unknown>,
  status: number,
  bodyText: string,
): Revision | undefined {
  if (
    (status !== 400 && status !== 422) ||
    payload.stream_options === undefined ||
    !/stream_options|include_usage/i.test(bodyText)
  )
    return undefined
  delete payload.stream_options
  return {
    body: JSON.stringify(payload),
    note: 'stream_options: refused by the upstream, sent again without it (no usage while streaming)',
  }
}
