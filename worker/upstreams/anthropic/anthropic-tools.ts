import { buildToolDeclarations } from '../../canonical/tool-declarations'
import { namedToolChoice, type ToolRegistry } from '../../canonical/tool-registry'
import type { AnthropicTool } from './anthropic-types'

/**
 * The tool mapping every function-only upstream shares (tool-declarations.ts: freeform tools as one-string
 * functions with their grammar, namespaces flattened, hosted fallbacks), in Anthropic's `{name, description,
 * input_schema}`. `strict` has no Anthropic equivalent.
 */
export function buildAnthropicTools(rawTools: unknown): {
  tools: AnthropicTool[]
  registry: ToolRegistry
  dropped: string[]
} {
  const { declarations, registry, dropped } = buildToolDeclarations(rawTools)
  const tools = declarations.map((declaration): AnthropicTool => {
    const tool: AnthropicTool = { name: declaration.name, input_schema: declaration.parameters }
    if (declaration.description !== undefined) tool.description = declaration.description
    return tool
  })
  return { tools, registry, dropped }
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
