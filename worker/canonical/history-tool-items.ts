import { flattenToolName } from './tool-registry'
import { isRecord, requireString } from '../http/bad-request'

export interface HistoryToolCall {
  callId: string
  /** The flattened name the upstream knows the tool by (tool-registry.ts). */
  name: string
  /** JSON text: freeform input as `{"input": …}`, shell actions as their fields. */
  arguments: string
}

const CALL_TYPES = new Set(['function_call', 'custom_tool_call', 'local_shell_call', 'computer_call'])
const OUTPUT_TYPES = new Set(['function_call_output', 'custom_tool_call_output', 'computer_call_output', 'local_shell_call_output'])

/**
 * A tool call from Codex's history as every upstream adapter needs it: the same flattened name and argument
 * text the tool definitions used, whatever kind of tool (function, freeform, local shell, computer) it was.
 */
export function historyToolCall(raw: Record<string, unknown>, path: string): HistoryToolCall | undefined {
  if (!CALL_TYPES.has(String(raw.type))) return undefined
  const namespace = typeof raw.namespace === 'string' ? raw.namespace : undefined
  switch (raw.type) {
    case 'function_call':
      return { callId: requireString(raw.call_id, `${path}.call_id`), name: flattenToolName(requireString(raw.name, `${path}.name`), namespace), arguments: typeof raw.arguments === 'string' ? raw.arguments : '' }
    case 'custom_tool_call':
      return { callId: requireString(raw.call_id, `${path}.call_id`), name: flattenToolName(requireString(raw.name, `${path}.name`), namespace), arguments: JSON.stringify({ input: typeof raw.input === 'string' ? raw.input : '' }) }
    case 'local_shell_call': {
      const action = isRecord(raw.action) ? raw.action : {}
      return { callId: requireString(raw.call_id ?? raw.id, `${path}.call_id`), name: 'local_shell', arguments: JSON.stringify({ command: action.command ?? [], working_directory: action.working_directory, timeout_ms: action.timeout_ms }) }
    }
    default:
      return { callId: requireString(raw.call_id, `${path}.call_id`), name: 'computer_use', arguments: JSON.stringify(raw.action ?? {}) }
  }
}

/** A tool result from Codex's history: its call id and output (a screenshot becomes an image part). */
export function historyToolOutput(raw: Record<string, unknown>, path: string): { callId: string; output: unknown } | undefined {
  if (!OUTPUT_TYPES.has(String(raw.type))) return undefined
  const output = isRecord(raw.output) && raw.output.type === 'computer_screenshot' ? [{ type: 'input_image', image_url: raw.output.image_url }] : raw.output
  return { callId: requireString(raw.call_id ?? raw.id, `${path}.call_id`), output }
}
