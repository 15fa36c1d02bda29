import { APPLY_PATCH_TOOL } from '../../canonical/hosted-apply-patch'
import { flattenToolName, hostedToolKind, namedToolChoice, type HostedToolKind, type ToolRegistry } from '../../canonical/tool-registry'
import { badRequest, isRecord } from '../../http/bad-request'
import type { ChatTool } from './chat-types'

export interface ChatToolsResult {
  tools: ChatTool[]
  registry: ToolRegistry
  dropped: string[]
}

const EMPTY_PARAMETERS = { type: 'object', properties: {} }

/**
 * Hosted tools an upstream cannot run get a function the model can call, named after the tool's kind; the client
 * then answers the call. apply_patch is offered like Codex's freeform apply_patch, grammar included.
 */
const HOSTED_FALLBACKS: Record<HostedToolKind, ChatTool> = {
  local_shell: fallback('local_shell', 'Run a command in the local shell. Pass the program and its arguments as an array.', {
    command: { type: 'array', items: { type: 'string' }, description: 'Program and arguments, e.g. ["ls", "-la"]' },
    working_directory: { type: 'string' },
    timeout_ms: { type: 'integer' },
  }, ['command']),
  web_search: fallback('web_search', 'Search the web. Returns results for the query.', { query: { type: 'string' } }, ['query']),
  computer_use: fallback('computer_use', 'Perform an action on the computer screen (click, type, scroll, screenshot, ...).', {
    action: { type: 'string' },
    x: { type: 'number' },
    y: { type: 'number' },
    text: { type: 'string' },
  }, ['action']),
  apply_patch: freeformFunction('apply_patch', APPLY_PATCH_TOOL),
}

function fallback(name: string, description: string, properties: Record<string, unknown>, required: string[]): ChatTool {
  return { type: 'function', function: { name, description, parameters: { type: 'object', properties, required } } }
}

/** A freeform tool as a function with one string parameter, `input`, that carries the raw text. */
function freeformFunction(name: string, tool: Record<string, unknown>): ChatTool {
  return {
    type: 'function',
    function: {
      name,
      description: customToolDescription(tool),
      parameters: { type: 'object', properties: { input: { type: 'string', description: 'The raw input text' } }, required: ['input'], additionalProperties: false },
    },
  }
}

/** Tells the model how to call a freeform tool through a function, with its grammar when it has one. */
function customToolDescription(tool: Record<string, unknown>): string {
  const lines = [typeof tool.description === 'string' ? tool.description : '']
  lines.push('', 'This tool takes raw text, not JSON fields: put the complete text in the `input` string argument.')
  const format = isRecord(tool.format) ? tool.format : undefined
  if (format?.type === 'grammar' && typeof format.definition === 'string') {
    lines.push(`The text must match this ${String(format.syntax ?? '')} grammar:`, '```', format.definition, '```')
  }
  return lines.join('\n').trim()
}

/** Responses tools → chat tools, plus the registry that maps calls back. Unsupported tools are listed in `dropped`. */
export function buildChatTools(rawTools: unknown): ChatToolsResult {
  const result: ChatToolsResult = { tools: [], registry: new Map(), dropped: [] }
  if (rawTools === undefined || rawTools === null) return result
  if (!Array.isArray(rawTools)) throw badRequest('tools', 'expected an array of tools')
  rawTools.forEach((tool, index) => addTool(result, tool, `tools[${index}]`))
  return result
}

function addTool(result: ChatToolsResult, tool: unknown, path: string, namespace?: string): void {
  if (!isRecord(tool) || typeof tool.type !== 'string') throw badRequest(path, 'expected a tool object with a "type"')
  const type = tool.type
  if (type === 'function' || type === 'custom') {
    if (typeof tool.name !== 'string' || tool.name === '') throw badRequest(`${path}.name`, 'expected a non-empty string')
    const upstreamName = flattenToolName(tool.name, namespace)
    result.registry.set(upstreamName, { kind: type, name: tool.name, namespace })
    if (type === 'function') {
      const parameters = isRecord(tool.parameters) ? tool.parameters : EMPTY_PARAMETERS
      const fn: ChatTool['function'] = { name: upstreamName, parameters }
      if (typeof tool.description === 'string' && tool.description !== '') fn.description = tool.description
      if (tool.strict === true) fn.strict = true
      result.tools.push({ type: 'function', function: fn })
    } else result.tools.push(freeformFunction(upstreamName, tool))
    return
  }
  if (type === 'namespace') {
    if (typeof tool.name !== 'string' || !Array.isArray(tool.tools)) throw badRequest(path, 'a namespace tool needs a "name" and a "tools" array')
    tool.tools.forEach((inner, index) => addTool(result, inner, `${path}.tools[${index}]`, tool.name as string))
    return
  }
  const hosted = hostedToolKind(type)
  if (hosted === undefined) {
    result.dropped.push(`${path} (${type}): not available on chat-completions upstreams`)
    return
  }
  const taken = result.registry.get(hosted)
  if (taken !== undefined) {
    // A second tool of the same kind (web_search and web_search_preview both sent) adds nothing; a tool of another
    // kind by that name (Codex's freeform apply_patch) is the one the client expects calls for.
    if (taken.kind !== hosted) result.dropped.push(`${path} (${type}): a ${taken.kind} tool named ${hosted} is already offered`)
    return
  }
  result.registry.set(hosted, { kind: hosted, name: hosted })
  result.tools.push(HOSTED_FALLBACKS[hosted])
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
