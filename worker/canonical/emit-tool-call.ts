import { isRecord } from '../http/bad-request'
import type { ResponsesStreamWriter } from './responses-stream-writer'
import { resolveToolCall, type ToolRegistry } from './tool-registry'

/**
 * Writes an upstream function call as the item Codex expects: `function_call` (with `namespace` when the tool
 * was namespaced), `custom_tool_call` with the raw input for freeform tools such as apply_patch, or
 * `local_shell_call` for the local shell fallback.
 */
export function emitToolCall(writer: ResponsesStreamWriter, registry: ToolRegistry, call: { id: string; name: string; arguments: string }): void {
  const target = resolveToolCall(registry, call.name)
  if (target.kind === 'custom') {
    writer.addCustomToolCall({ callId: call.id, name: target.name, namespace: target.namespace, input: customInputOf(call.arguments) })
    return
  }
  if (target.kind === 'local_shell') {
    const args = parseObject(call.arguments)
    const command = Array.isArray(args?.command) ? args.command.map(String) : typeof args?.command === 'string' ? ['bash', '-lc', args.command] : []
    const action: Parameters<ResponsesStreamWriter['addLocalShellCall']>[0]['action'] = { type: 'exec', command, env: {} }
    if (typeof args?.working_directory === 'string') action.working_directory = args.working_directory
    if (typeof args?.timeout_ms === 'number') action.timeout_ms = args.timeout_ms
    writer.addLocalShellCall({ callId: call.id, action })
    return
  }
  writer.addFunctionCall({ callId: call.id, name: target.name, namespace: target.namespace, arguments: call.arguments })
}

/** The `input` string of `{"input": "..."}`; a model that sent bare text instead is taken at its word. */
function customInputOf(args: string): string {
  const parsed = parseObject(args)
  if (parsed && typeof parsed.input === 'string') return parsed.input
  if (parsed) {
    const strings = Object.values(parsed).filter((value): value is string => typeof value === 'string')
    if (strings.length === 1 && strings[0] !== undefined) return strings[0]
  }
  return args
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return isRecord(value) ? value : undefined
  } catch {
    return undefined
  }
}
