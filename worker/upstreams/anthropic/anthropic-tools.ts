import { namedToolChoice, type ToolRegistry } from '../../canonical/tool-registry'
import { buildChatTools } from '../openai-chat/chat-tools'
import type { AnthropicTool } from './anthropic-types'

/**
 * The same tool mapping as chat completions (freeform tools as one-string functions with their grammar,
 * namespaces flattened, hosted fallbacks), reshaped to Anthropic's `{name, description, input_schema}`.
 */
export function buildAnthropicTools(rawTools: unknown): { tools: AnthropicTool[]; registry: ToolRegistry; dropped: string[] } {
  const chat = buildChatTools(rawTools)
  const tools = chat.tools.map(({ function: fn }): AnthropicTool => {
    const tool: AnthropicTool = { name: fn.name, input_schema: fn.parameters }
    if (fn.description !== undefined) tool.description = fn.description
    return tool
  })
  return { tools, registry: chat.registry, dropped: chat.dropped }
}

/**
 * Responses `tool_choice` and `parallel_tool_calls` → Anthropic `tool_choice`. With extended thinking Anthropic
 * allows only `auto` and `none`, so a forced choice is relaxed to `auto` (and reported).
 */
export function buildAnthropicToolChoice(
  raw: unknown,
  parallel: unknown,
  options: { registry: ToolRegistry; isThinking: boolean; dropped: string[] },
): Record<string, unknown> | undefined {
  let choice: Record<string, unknown> | undefined
  if (raw === 'none') return { type: 'none' }
  const named = namedToolChoice(raw, options.registry)
  if (raw === 'required') choice = { type: 'any' }
  else if (named?.kind === 'named') choice = { type: 'tool', name: named.upstreamName }
  else if (named?.kind === 'unmapped') options.dropped.push(named.note)
  else if (raw !== undefined && raw !== null && raw !== 'auto') {
    options.dropped.push('tool_choice: not expressible for Anthropic, sent as auto')
  }
  if (choice && options.isThinking) {
    options.dropped.push('tool_choice: Anthropic allows only auto with extended thinking')
    choice = undefined
  }
  choice ??= { type: 'auto' }
  if (parallel === false) choice.disable_parallel_tool_use = true
  return choice
}
