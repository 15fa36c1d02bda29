import type { ResolvedModel } from '../../../shared/host-protocol'
import { withCleanConversation } from '../../canonical/control-characters'
import { upstreamOrigin } from '../../canonical/reasoning-envelope'
import { assertStateless, unhandledFields } from '../../canonical/request-fields'
import { isRecord } from '../../http/bad-request'
import { outputLimitOf } from '../output-limit'
import { secretsOfModel } from '../redact-secrets'
import type { UpstreamPlan } from '../upstream-adapter'
import type { Revision } from '../upstream-call'
import { upstreamMessage } from '../upstream-message'
import { buildAnthropicConversation } from './anthropic-messages'
import { buildAnthropicToolChoice, buildAnthropicTools } from './anthropic-tools'
import type { AnthropicMessage, AnthropicRequestBody, AnthropicTool } from './anthropic-types'
import type { AnthropicTranslationContext } from './anthropic-context'
import { placeCacheBreakpoints } from './cache-breakpoints'

export const ANTHROPIC_VERSION = '2023-06-01'

/** Codex sends no output limit, and Anthropic requires one: generous, so long edits are not cut off. */
export const DEFAULT_MAX_TOKENS = 32_000
/** Thinking budgets by Codex's effort; always leaving room for the answer (at least 4096 tokens). */
const THINKING_BUDGETS: Record<string, number> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16_384,
  xhigh: 32_000,
  max: 32_000,
}
const ANSWER_ROOM = 4096
const MIN_BUDGET = 1024

/** `https://api.anthropic.com/v1` → `/v1/messages`; `https://api.deepseek.com/anthropic` → `/anthropic/v1/messages`. */
export function anthropicMessagesUrl(baseUrl: string): string {
  if (/\/messages$/.test(baseUrl)) return baseUrl
  return /\/v1$/.test(baseUrl) ? `${baseUrl}/messages` : `${baseUrl}/v1/messages`
}

export function buildAnthropicRequest(
  body: Record<string, unknown>,
  model: ResolvedModel,
  knownSecrets: readonly string[] = [],
): UpstreamPlan<AnthropicTranslationContext> {
  body = withCleanConversation(body)
  assertStateless(body)
  const dropped: string[] = []
  const origin = upstreamOrigin(model.provider, model.baseUrl)
  const isStreaming = body.stream === true
  const tools = buildAnthropicTools(body.tools)
  dropped.push(...tools.dropped)
  const conversation = buildAnthropicConversation(body.instructions, body.input, {
    origin,
    isImageSupported: !model.noImageSupport,
    modelName: model.displayName,
    dropped,
  })

  const maxTokens = outputLimitOf(body, model, dropped) ?? DEFAULT_MAX_TOKENS
  const effort =
    isRecord(body.reasoning) && typeof body.reasoning.effort === 'string' ? body.reasoning.effort : undefined
  let budget = thinkingBudgetFor(effort === undefined ? undefined : THINKING_BUDGETS[effort], maxTokens)
  if (effort !== undefined && THINKING_BUDGETS[effort] !== undefined && budget === undefined) {
    dropped.push(`reasoning.effort: max_tokens ${maxTokens} leaves no room for a thinking budget`)
  }
  if (budget !== undefined && lacksThinkingForToolLoop(conversation.messages)) {
    // With thinking on, Anthropic refuses a tool loop whose last assistant turn does not start with its own
    // signed thinking (e.g. the conversation began on another model): answer without thinking this turn.
    dropped.push('reasoning.effort: thinking paused, the current tool loop has no signed thinking to continue from')
    budget = undefined
  }

  const request: AnthropicRequestBody = {
    model: model.model,
    max_tokens: maxTokens,
    messages: conversation.messages,
    stream: isStreaming,
  }
  if (conversation.system.length > 0) request.system = conversation.system.map((text) => ({ type: 'text', text }))
  if (tools.tools.length > 0) {
    request.tools = tools.tools
    request.tool_choice = buildAnthropicToolChoice(body.tool_choice, body.parallel_tool_calls, {
      registry: tools.registry,
      isThinking: budget !== undefined,
      dropped,
    })
  } else {
    // Anthropic refuses tool_use/tool_result history without tool definitions; Codex sends `tools: []` when it
    // compacts. Declaring the tools the history used, with calls switched off, keeps that history valid.
    const historyTools = toolsUsedIn(conversation.messages)
    if (historyTools.length > 0) {
      request.tools = historyTools
      request.tool_choice = { type: 'none' }
    }
  }
  if (budget !== undefined) request.thinking = { type: 'enabled', budget_tokens: budget }
  addSampling(request, body, budget !== undefined, dropped)
  if (model.promptCache) placeCacheBreakpoints(request)
  dropped.push(...unhandledFields(body, 'Anthropic'))

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: isStreaming ? 'text/event-stream' : 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    ...model.extraHeaders,
  }
  const names = Object.keys(model.extraHeaders).map((name) => name.toLowerCase())
  // x-api-key only: sending a Bearer as well is what some Anthropic-compatible servers reject.
  if (model.apiKey !== undefined && !names.includes('x-api-key') && !names.includes('authorization'))
    headers['x-api-key'] = model.apiKey

  const context: AnthropicTranslationContext = {
    slug: model.slug,
    registry: tools.registry,
    origin,
    secrets: [...secretsOfModel(model), ...knownSecrets],
    maxTokens,
  }
  return {
    url: anthropicMessagesUrl(model.baseUrl),
    headers,
    body: JSON.stringify(request),
    isStreaming,
    dropped,
    context,
    reviseAfterRefusal: (status, bodyText) => withinOutputCap(request, context, status, bodyText),
  }
}

/**
 * The client's sampling, within what Anthropic takes: none with extended thinking (it requires the default),
 * temperature alone when both come (Claude 4.1 and later refuse the pair), and temperature within 0..1 (the
 * Responses API allows up to 2).
 */
function addSampling(
  request: AnthropicRequestBody,
  body: Record<string, unknown>,
  isThinking: boolean,
  dropped: string[],
): void {
  const { temperature, top_p: topP } = body
  if (isThinking) {
    for (const field of ['temperature', 'top_p'] as const)
      if (typeof body[field] === 'number') dropped.push(`${field}: not allowed with extended thinking`)
    return
  }
  if (typeof temperature === 'number') {
    request.temperature = Math.min(Math.max(temperature, 0), 1)
    if (request.temperature !== temperature)
      dropped.push(`temperature: ${temperature} is outside Anthropic's 0..1, sent as ${request.temperature}`)
  }
  if (typeof topP !== 'number') return
  if (typeof temperature === 'number')
    dropped.push('top_p: not sent with temperature, which Anthropic models refuse together')
  else request.top_p = topP
}

/** A budget that leaves the answer its room, or none when `max_tokens` is too small for the minimum budget. */
function thinkingBudgetFor(wanted: number | undefined, maxTokens: number): number | undefined {
  if (wanted === undefined) return undefined
  const budget = Math.min(wanted, maxTokens - ANSWER_ROOM)
  return budget < MIN_BUDGET ? undefined : budget
}

/**
 * Our default of 32000 is above some models' output caps (Claude 3.5 Haiku's 8192, DeepSeek's Anthropic
 * endpoint): the refusal states the cap, and the request is sent once more within it. Setting the model's
 * max_output_tokens avoids the extra round trip.
 */
function withinOutputCap(
  request: AnthropicRequestBody,
  context: AnthropicTranslationContext,
  status: number,
  bodyText: string,
): Revision | undefined {
  if (status !== 400 && status !== 422) return undefined
  const cap = outputCapIn(upstreamMessage(bodyText), request.max_tokens)
  if (cap === undefined) return undefined
  request.max_tokens = cap
  context.maxTokens = cap
  if (request.thinking) {
    const budget = thinkingBudgetFor(request.thinking.budget_tokens, cap)
    if (budget === undefined) delete request.thinking
    else request.thinking.budget_tokens = budget
  }
  return {
    body: JSON.stringify(request),
    note: `max_tokens: the upstream allows at most ${cap}, sent again with ${cap} (set max_output_tokens for ${context.slug})`,
  }
}

/** Caps smaller than this are numbers from elsewhere in the message (a model name's "3-5"), not output limits. */
const MIN_OUTPUT_CAP = 1024

/**
 * The cap in a max_tokens refusal: "max_tokens: 32000 > 8192, which is the maximum allowed…" (Anthropic), "the
 * valid range of max_tokens is [1, 8192]" (DeepSeek). It is the largest number in the message below what we sent.
 */
export function outputCapIn(message: string, sent: number): number | undefined {
  if (!/max_tokens/i.test(message)) return undefined
  const candidates = [...message.matchAll(/\d+/g)]
    .map((match) => Number(match[0]))
    .filter((value) => value >= MIN_OUTPUT_CAP && value < sent)
  return candidates.length === 0 ? undefined : Math.max(...candidates)
}

function toolsUsedIn(messages: AnthropicMessage[]): AnthropicTool[] {
  const names = new Set(
    messages.flatMap((message) => message.content.flatMap((block) => (block.type === 'tool_use' ? [block.name] : []))),
  )
  return [...names].map((name) => ({ name, input_schema: { type: 'object' } }))
}

/** The last assistant turn uses tools and the request continues its loop, but it does not open with thinking. */
function lacksThinkingForToolLoop(messages: AnthropicMessage[]): boolean {
  const last = messages.at(-1)
  const previous = messages.at(-2)
  if (last?.role !== 'user' || previous?.role !== 'assistant') return false
  if (!last.content.some((block) => block.type === 'tool_result')) return false
  const first = previous.content[0]
  return first?.type !== 'thinking' && first?.type !== 'redacted_thinking'
}
