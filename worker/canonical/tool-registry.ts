/**
 * How a tool offered by Codex is shown to an upstream, and how calls come back. Upstream function names allow
 * only `[A-Za-z0-9_-]{1,64}`, so namespaced tools are flattened (`multi_agent_v1__spawn_agent`) and mapped back
 * to `namespace` + `name`; freeform `custom` tools become functions with one string parameter and return as
 * `custom_tool_call`; hosted tools get function fallbacks.
 */
export type ToolKind = 'function' | 'custom' | 'local_shell' | 'web_search' | 'computer_use'

export interface ToolTarget {
  kind: ToolKind
  name: string
  namespace?: string
}

export type ToolRegistry = Map<string, ToolTarget>

const MAX_NAME = 64

export function flattenToolName(name: string, namespace?: string): string {
  const joined = namespace === undefined || namespace === '' ? name : `${namespace}__${name}`
  const safe = joined.replace(/[^A-Za-z0-9_-]+/g, '_') || 'tool'
  if (safe.length <= MAX_NAME) return safe
  // Keep names unique when truncating: the tail is a hash of the full name.
  return `${safe.slice(0, MAX_NAME - 9)}_${shortHash(joined)}`
}

function shortHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0
  return hash.toString(16).padStart(8, '0')
}

/** The target of a call the upstream made; an unknown name comes back as a plain function call (Codex answers it). */
export function resolveToolCall(registry: ToolRegistry, upstreamName: string): ToolTarget {
  return registry.get(upstreamName) ?? { kind: 'function', name: upstreamName }
}
