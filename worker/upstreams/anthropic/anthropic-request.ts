import type { ResolvedModel } from '../../../shared/host-protocol'
import { upstreamOrigin } from '../../canonical/reasoning-envelope'
import { assertStateless, unhandledFields } from '../../canonical/request-fields'
import { isRecord } from '../../http/bad-request'
import type { UpstreamPlan } from '../upstream-adapter'
import { buildAnthropicConversation } from './anthropic-messages'
import { buildAnthropicToolChoice, buildAnthropicTools } from './anthropic-tools'
import type { AnthropicMessage, AnthropicRequestBody, AnthropicTool } from './anthropic-types'
import type { AnthropicTranslationContext } from './anthropic-context'
import { placeCacheBreakpoints } from './cache-breakpoints'

export const ANTHROPIC_VERSION = '2023-06-01'

/** Codex sends no output limit, and Anthropic requires one: generous, so long edits are not cut off. */
export const DEFAULT_MAX_TOKENS = 32_000
/** Thinking budgets by Codex's effort; always leaving room for the answer (at least 4096 tokens). */
const THINKING_BUDGETS: Record<string, number> = { minimal: 1024, low: 2048, medium: 8192, high: 16_384, xhigh: 32_000, max: 32_000 }
const ANSWER_ROOM = 4096
const MIN_BUDGET = 1024

/** `https://api.anthropic.com/v1` → `/v1/messages`; `https://api.deepseek.com/anthropic` → `/anthropic/v1/messages`. */
export function anthropicMessagesUrl(baseUrl: string): string {
  if (/\/messages$/.test(baseUrl)) return baseUrl
  return /\/v1$/.test(baseUrl) ? `${baseUrl}/messages` : `${baseUrl}/v1/messages`
}

export function buildAnthropicRequest(body: Record<string, unknown>, model: ResolvedModel): UpstreamPlan<AnthropicTranslationContext> {
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

  const maxTokens = typeof body.max_output_tokens === 'number' ? body.max_output_tokens : (model.maxOutputTokens ?? DEFAULT_MAX_TOKENS)
  const effort = isRecord(body.reasoning) && typeof body.reasoning.effort === 'string' ? body.reasoning.effort : undefined
  let budget = effort === undefined ? undefined : THINKING_BUDGETS[effort]
  if (budget !== undefined) budget = Math.min(budget, maxTokens - ANSWER_ROOM)
  if (budget !== undefined && budget < MIN_BUDGET) {
    dropped.push(`reasoning.effort: max_tokens ${maxTokens} leaves no room for a thinking budget`)
    budget = undefined
  }
  if (budget !== undefined && lacksThinkingForToolLoop(conversation.messages)) {
    // With thinking on, Anthropic refuses a tool loop whose last assistant turn does not start with its own
    // signed thinking (e.g. the conversation began on another model): answer without thinking this turn.
    dropped.push('reasoning.effort: thinking paused, the current tool loop has no signed thinking to continue from')
    budget = undefined
  }

  const request: AnthropicRequestBody = { model: model.model, max_tokens: maxTokens, messages: conversation.messages, stream: isStreaming }
  if (conversation.system.length > 0) request.system = conversation.system.map((text) => ({ type: 'text', text }))
  if (tools.tools.length > 0) {
    request.tools = tools.tools
    request.tool_choice = buildAnthropicToolChoice(body.tool_choice, body.parallel_tool_calls, { registry: tools.registry, isThinking: budget !== undefined, dropped })
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
  for (const field of ['temperature', 'top_p'] as const) {
    if (typeof body[field] !== 'number') continue
    // Extended thinking requires the default sampling.
    if (budget !== undefined) dropped.push(`${field}: not allowed with extended thinking`)
    else request[field] = body[field] as number
  }
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
  if (model.apiKey !== undefined && !names.includes('x-api-key') && !names.includes('authorization')) headers['x-api-key'] = model.apiKey

  return {
    url: anthropicMessagesUrl(model.baseUrl),
    headers,
    body: JSON.stringify(request),
    isStreaming,
    dropped,
    context: { slug: model.slug, registry: tools.registry, origin, secrets: model.apiKey === undefined ? [] : [model.apiKey] },
  }
}

function toolsUsedIn(messages: AnthropicMessage[]): AnthropicTool[] {
  const names = new Set(messages.flatMap((message) => message.content.flatMap((block) => (block.type === 'tool_use' ? [block.name] : []))))
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
