import { isRecord } from '../http/bad-request'
import { patchOperations } from './hosted-apply-patch'
import type { ResponsesStreamWriter } from './responses-stream-writer'
import { resolveToolCall, type ToolRegistry } from './tool-registry'

/** A call is written, or withheld because its arguments do not parse (cut by the output limit, or malformed). */
export type ToolCallEmission = { kind: 'written' } | { kind: 'withheld'; toolName: string }

/**
 * Writes an upstream function call as the item Codex expects: `function_call` (with `namespace` when the tool
 * was namespaced), `custom_tool_call` with the raw input for freeform tools such as apply_patch, or
 * `local_shell_call` for the local shell fallback, or one `apply_patch_call` per file for the hosted apply_patch
 * fallback. A call whose arguments are not a JSON object (or a patch that is not one) is never written: Codex would
 * run a truncated patch or command, or keep the broken call in its history.
 */
export function emitToolCall(
  writer: ResponsesStreamWriter,
  registry: ToolRegistry,
  call: { id: string; name: string; arguments: string },
): ToolCallEmission {
  const target = resolveToolCall(registry, call.name)
  const withheld: ToolCallEmission = { kind: 'withheld', toolName: target.name }
  if (target.kind === 'custom') {
    const input = customInputOf(call.arguments)
    if (input === undefined) return withheld
    writer.addCustomToolCall({ callId: call.id, name: target.name, namespace: target.namespace, input })
    return { kind: 'written' }
  }
  if (target.kind === 'apply_patch') {
    const input = customInputOf(call.arguments)
    const operations = input === undefined ? undefined : patchOperations(input)
    if (operations === undefined) return withheld
    // The upstream's call keeps its id; the further files of a multi-file patch get ids derived from it.
    for (const [index, operation] of operations.entries())
      writer.addApplyPatchCall({ callId: index === 0 ? call.id : `${call.id}_${index + 1}`, operation })
    return { kind: 'written' }
  }
  const args = parseObject(call.arguments)
  if (args === undefined) return withheld
  if (target.kind === 'local_shell') {
    const command = Array.isArray(args.command)
      ? args.command.map(String)
      : typeof args.command === 'string'
        ? ['bash', '-lc', args.command]
        : []
    const action: Parameters<ResponsesStreamWriter['addLocalShellCall']>[0]['action'] = {
      type: 'exec',
      command,
      env: {},
    }
    if (typeof args.working_directory === 'string') action.working_directory = args.working_directory
    if (typeof args.timeout_ms === 'number') action.timeout_ms = args.timeout_ms
    writer.addLocalShellCall({ callId: call.id, action })
    return { kind: 'written' }
  }
  writer.addFunctionCall({ callId: call.id, name: target.name, namespace: target.namespace, arguments: call.arguments })
  return { kind: 'written' }
}

/**
 * The `input` string of `{"input": "..."}`; a model that sent bare text instead is taken at its word, but text
 * that starts like JSON and does not parse is a wrapper cut short, not a patch.
 */
function customInputOf(args: string): string | undefined {
  const parsed = parseObject(args)
  if (parsed && typeof parsed.input === 'string') return parsed.input
  if (parsed) {
    const strings = Object.values(parsed).filter((value): value is string => typeof value === 'string')
    if (strings.length === 1 && strings[0] !== undefined) return strings[0]
    return args
  }
  return args.trimStart().startsWith('{') ? undefined : args
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return isRecord(value) ? value : undefined
  } catch {
    // Not JSON at all: the caller decides whether that is bare text or a broken call.
    return undefined
  }
}
