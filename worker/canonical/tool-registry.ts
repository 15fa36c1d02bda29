import { isRecord } from '../http/bad-request'

/**
 * How a tool offered by Codex is shown to an upstream, and how calls come back. Upstream function names allow
 * only `[A-Za-z0-9_-]{1,64}`, so namespaced tools are flattened (`multi_agent_v1__spawn_agent`) and mapped back
 * to `namespace` + `name`; freeform `custom` tools become functions with one string parameter and return as
 * `custom_tool_call`; hosted tools get function fallbacks, each named after its kind.
 */
export type HostedToolKind = 'local_shell' | 'web_search' | 'computer_use' | 'apply_patch'
export type ToolKind = 'function' | 'custom' | HostedToolKind

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

/** The hosted Responses tool types we offer a function fallback for, with their dated and preview variants. */
export function hostedToolKind(type: string): HostedToolKind | undefined {
  if (type.startsWith('web_search')) return 'web_search'
  if (type.startsWith('computer_use') || type === 'computer') return 'computer_use'
  if (type === 'local_shell' || type === 'shell') return 'local_shell'
  if (type === 'apply_patch') return 'apply_patch'
  return undefined
}

/** The target of a call the upstream made; an unknown name comes back as a plain function call (Codex answers it). */
export function resolveToolCall(registry: ToolRegistry, upstreamName: string): ToolTarget {
  return registry.get(upstreamName) ?? { kind: 'function', name: upstreamName }
}

export type NamedToolChoice = { kind: 'named'; upstreamName: string } | { kind: 'unmapped'; note: string }

/**
 * A `tool_choice` that names one tool (`{type:"function",name}`, `{type:"custom",name}`, or a hosted type such as
 * `{type:"apply_patch"}`) → the upstream function to force, or a note for `dropped` when there is none: never a
 * silent "auto". `undefined` for the modes and `allowed_tools`, which each adapter words its own way.
 */
export function namedToolChoice(raw: unknown, registry: ToolRegistry): NamedToolChoice | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string' || raw.type === 'allowed_tools') return undefined
  const unmapped = (reason: string): NamedToolChoice => ({
    kind: 'unmapped',
    note: `tool_choice ${JSON.stringify(raw).slice(0, 80)}: dropped, ${reason}`,
  })
  if (raw.type === 'function' || raw.type === 'custom') {
    if (typeof raw.name !== 'string') return unmapped('it names no tool')
    const upstreamName = flattenToolName(raw.name, typeof raw.namespace === 'string' ? raw.namespace : undefined)
    return registry.has(upstreamName) ? { kind: 'named', upstreamName } : unmapped(`no tool ${raw.name} was offered`)
  }
  const hosted = hostedToolKind(raw.type)
  if (hosted !== undefined && registry.get(hosted)?.kind === hosted) return { kind: 'named', upstreamName: hosted }
  return unmapped(
    hosted === undefined
      ? `the hosted ${raw.type} tool has no function fallback here`
      : `no ${raw.type} tool was offered`,
  )
}
