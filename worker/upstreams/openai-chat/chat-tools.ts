import { buildToolDeclarations } from '../../canonical/tool-declarations'
import { namedToolChoice, type ToolRegistry } from '../../canonical/tool-registry'
import { isRecord } from '../../http/bad-request'
import type { ChatTool } from './chat-types'

export interface ChatToolsResult {
  tools: ChatTool[]
  registry: ToolRegistry
  dropped: string[]
}

/** Responses tools → chat tools (tool-declarations.ts), plus the registry that maps calls back. */
export function buildChatTools(rawTools: unknown): ChatToolsResult {
  const { declarations, registry, dropped } = buildToolDeclarations(rawTools)
  return {
    tools: declarations.map((declaration): ChatTool => ({ type: 'function', function: declaration })),
    registry,
    dropped,
  }
}

/** Responses `tool_choice` → chat `tool_choice`; only meaningful when tools are sent. */
export function buildChatToolChoice(raw: unknown, registry: ToolRegistry, dropped: string[]): unknown {
  if (raw === undefined || raw === null) return undefined
  if (raw === 'auto' || raw === 'none' || raw === 'required') return raw
  const named = namedToolChoice(raw, registry)
  if (named?.kind === 'named') return { type: 'function', function: { name: named.upstreamName } }
  if (named?.kind === 'unmapped') {
    dropped.push(named.note)
    return undefined
  }
  if (isRecord(raw) && raw.type === 'allowed_tools') {
    dropped.push('tool_choice.allowed_tools: sent as the mode alone')
    return raw.mode === 'required' ? 'required' : 'auto'
  }
  dropped.push(`tool_choice ${JSON.stringify(raw).slice(0, 80)}: not expressible for chat completions, sent as "auto"`)
  return 'auto'
}
