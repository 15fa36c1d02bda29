import { operationPatch } from './hosted-apply-patch'
import { flattenToolName } from './tool-registry'
import { isRecord, requireString } from '../http/bad-request'

export interface HistoryToolCall {
  callId: string
  /** The flattened name the upstream knows the tool by (tool-registry.ts). */
  name: string
  /** JSON text: freeform input as `{"input": …}`, shell actions as their fields. */
  arguments: string
}

const CALL_TYPES = new Set([
  'function_call',
  'custom_tool_call',
  'local_shell_call',
  'computer_call',
  'apply_patch_call',
])
const OUTPUT_TYPES = new Set([
  'function_call_output',
  'custom_tool_call_output',
  'computer_call_output',
  'local_shell_call_output',
  'apply_patch_call_output',
])

/**
 * A tool call from Codex's history as every upstream adapter needs it: the same flattened name and argument
 * text the tool definitions used, whatever kind of tool (function, freeform, local shell, computer, hosted
 * apply_patch) it was.
 */
export function historyToolCall(raw: Record<string, unknown>, path: string): HistoryToolCall | undefined {
  if (!CALL_TYPES.has(String(raw.type))) return undefined
  const namespace = typeof raw.namespace === 'string' ? raw.namespace : undefined
  switch (raw.type) {
    case 'function_call':
      return {
        callId: requireString(raw.call_id, `${path}.call_id`),
        name: flattenToolName(requireString(raw.name, `${path}.name`), namespace),
        arguments: typeof raw.arguments === 'string' ? raw.arguments : '',
      }
    case 'custom_tool_call':
      return {
        callId: requireString(raw.call_id, `${path}.call_id`),
        name: flattenToolName(requireString(raw.name, `${path}.name`), namespace),
        arguments: JSON.stringify({ input: typeof raw.input === 'string' ? raw.input : '' }),
      }
    case 'local_shell_call': {
      const action = isRecord(raw.action) ? raw.action : {}
      return {
        callId: requireString(raw.call_id ?? raw.id, `${path}.call_id`),
        name: 'local_shell',
        arguments: JSON.stringify({
          command: action.command ?? [],
          working_directory: action.working_directory,
          timeout_ms: action.timeout_ms,
        }),
      }
    }
    case 'apply_patch_call':
      // Shown to the upstream as the patch its apply_patch function would have been called with (hosted-apply-patch.ts).
      return {
        callId: requireString(raw.call_id, `${path}.call_id`),
        name: 'apply_patch',
        arguments: JSON.stringify({ input: operationPatch(raw.operation, `${path}.operation`) }),
      }
    default:
      return {
        callId: requireString(raw.call_id, `${path}.call_id`),
        name: 'computer_use',
        arguments: JSON.stringify(raw.action ?? {}),
      }
  }
}

/** A tool result from Codex's history: its call id and output (a screenshot becomes an image part). */
export function historyToolOutput(
  raw: Record<string, unknown>,
  path: string,
): { callId: string; output: unknown } | undefined {
  if (!OUTPUT_TYPES.has(String(raw.type))) return undefined
  return { callId: requireString(raw.call_id ?? raw.id, `${path}.call_id`), output: outputOf(raw) }
}

function outputOf(raw: Record<string, unknown>): unknown {
  const { output } = raw
  // A computer_call_output carries one image: a `computer_screenshot`, or from some clients a bare `input_image`.
  if (
    raw.type === 'computer_call_output' &&
    isRecord(output) &&
    (output.type === 'computer_screenshot' || output.type === 'input_image')
  ) {
    return [{ ...output, type: 'input_image' }]
  }
  // An apply_patch_call_output's output is optional; its status alone says whether the patch applied.
  if (raw.type === 'apply_patch_call_output' && (typeof output !== 'string' || output === ''))
    return `apply_patch ${raw.status === 'failed' ? 'failed' : 'completed'}`
  return output
}
