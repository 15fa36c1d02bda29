import { badRequest, isRecord } from '../http/bad-request'
import { HOSTED_FALLBACKS, freeformFunction } from './hosted-tool-fallbacks'
import { flattenToolName, hostedToolKind, type ToolRegistry } from './tool-registry'

/** A tool as a function the upstream's model can call: what a chat `function` tool and an Anthropic tool both say. */
export interface FunctionDeclaration {
  name: string
  description?: string
  parameters: Record<string, unknown>
  strict?: boolean
}

export interface ToolDeclarations {
  declarations: FunctionDeclaration[]
  /** Maps the upstream's calls back to the tools Codex offered (tool-registry.ts). */
  registry: ToolRegistry
  dropped: string[]
}

const EMPTY_PARAMETERS = { type: 'object', properties: {} }

/**
 * Responses tools → functions for any upstream that has only functions, plus the registry that maps calls back:
 * function tools as they are, freeform `custom` tools as one-string functions with their grammar, namespaces
 * flattened, hosted tools as their fallbacks. Tools no upstream function can stand for are listed in `dropped`.
 */
export function buildToolDeclarations(rawTools: unknown): ToolDeclarations {
  const result: ToolDeclarations = { declarations: [], registry: new Map(), dropped: [] }
  if (rawTools === undefined || rawTools === null) return result
  if (!Array.isArray(rawTools)) throw badRequest('tools', 'expected an array of tools')
  for (const [index, tool] of rawTools.entries()) addTool(result, tool, `tools[${index}]`)
  return result
}

function addTool(result: ToolDeclarations, tool: unknown, path: string, namespace?: string): void {
  if (!isRecord(tool) || typeof tool.type !== 'string') throw badRequest(path, 'expected a tool object with a "type"')
  const type = tool.type
  if (type === 'function' || type === 'custom') {
    if (typeof tool.name !== 'string' || tool.name === '')
      throw badRequest(`${path}.name`, 'expected a non-empty string')
    const upstreamName = flattenToolName(tool.name, namespace)
    const taken = result.registry.get(upstreamName)
    // Upstreams refuse two tools of one name (OpenAI "duplicate function names", Anthropic "Tool names must be
    // unique"). A hosted tool's fallback yields to the client's own tool of its name (Codex's freeform
    // apply_patch after the hosted one): that is the tool the client expects calls for. Of two client tools, the
    // first stays.
    const isFallback = taken !== undefined && taken.kind !== 'function' && taken.kind !== 'custom'
    if (taken !== undefined && !isFallback) {
      result.dropped.push(`${path} (${type}): a tool named ${upstreamName} is already offered`)
      return
    }
    result.registry.set(upstreamName, { kind: type, name: tool.name, namespace })
    let declaration: FunctionDeclaration
    if (type === 'function') {
      const parameters = isRecord(tool.parameters) ? tool.parameters : EMPTY_PARAMETERS
      declaration = { name: upstreamName, parameters }
      if (typeof tool.description === 'string' && tool.description !== '') declaration.description = tool.description
      if (tool.strict === true) declaration.strict = true
    } else declaration = freeformFunction(upstreamName, tool)
    const fallbackAt = !isFallback ? -1 : result.declarations.findIndex((existing) => existing.name === upstreamName)
    if (fallbackAt === -1) result.declarations.push(declaration)
    else {
      result.declarations[fallbackAt] = declaration
      result.dropped.push(`${path}: replaces the ${upstreamName} tool the hosted ${taken?.kind} stood for`)
    }
    return
  }
  if (type === 'namespace') {
    const { name, tools } = tool
    if (typeof name !== 'string' || !Array.isArray(tools))
      throw badRequest(path, 'a namespace tool needs a "name" and a "tools" array')
    for (const [index, inner] of tools.entries()) addTool(result, inner, `${path}.tools[${index}]`, name)
    return
  }
  const hosted = hostedToolKind(type)
  if (hosted === undefined) {
    // Worded for chat completions since this mapping began there; Anthropic requests log the same note.
    result.dropped.push(`${path} (${type}): not available on chat-completions upstreams`)
    return
  }
  const taken = result.registry.get(hosted)
  if (taken !== undefined) {
    // A second tool of the same kind (web_search and web_search_preview both sent) adds nothing; a tool of another
    // kind by that name (Codex's freeform apply_patch) is the one the client expects calls for.
    if (taken.kind !== hosted)
      result.dropped.push(`${path} (${type}): a ${taken.kind} tool named ${hosted} is already offered`)
    return
  }
  result.registry.set(hosted, { kind: hosted, name: hosted })
  result.declarations.push(HOSTED_FALLBACKS[hosted])
}
