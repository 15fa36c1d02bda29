/**
 * Codex's tool-call history: the call items of every tool kind and the output items Codex answers them with,
 * grouped into turns (calls, then all, some or none of their outputs, in any order, and sometimes an output whose
 * call is not in the history), with call ids in the styles upstreams write them.
 */
type Json = Record<string, unknown>

/** A one-pixel PNG, as Codex sends screenshots and pasted images. */
export const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

/** A call id factory: `n` numbers calls in the request, `turn` the calls within one assistant turn. */
export type IdStyle = 'codex' | 'anthropic' | 'kimi' | 'odd'
const callId = (style: IdStyle, n: number, turn: number, name: string) =>
  style === 'codex'
    ? `call_${n}`
    : style === 'anthropic'
      ? `toolu_0${n}Ab`
      : style === 'kimi'
        ? `functions.${name}:${turn}`
        : `call ${n}/x`

export type CallKind = 'function' | 'namespaced' | 'unknown' | 'custom' | 'local_shell' | 'computer' | 'apply_patch'

export interface CallPlan {
  kind: CallKind
  args: string
  input: string
  output: unknown
  operation: Json
  command: string[]
}

/** A call item and the output item Codex answers it with. */
export function callItems(plan: CallPlan, id: string): { call: Json; output: Json } {
  switch (plan.kind) {
    case 'function':
    case 'unknown':
      return {
        call: {
          type: 'function_call',
          id: 'fc_1',
          status: 'completed',
          call_id: id,
          name: plan.kind === 'function' ? 'exec_command' : 'tool_from_an_earlier_turn',
          arguments: plan.args,
        },
        output: { type: 'function_call_output', id: 'fco_1', call_id: id, output: plan.output },
      }
    case 'namespaced':
      return {
        call: {
          type: 'function_call',
          call_id: id,
          name: 'spawn_agent',
          namespace: 'multi_agent_v1',
          arguments: plan.args,
        },
        output: { type: 'function_call_output', call_id: id, output: plan.output },
      }
    case 'custom':
      return {
        call: {
          type: 'custom_tool_call',
          id: 'ctc_1',
          status: 'completed',
          call_id: id,
          name: 'apply_patch',
          input: plan.input,
        },
        output: { type: 'custom_tool_call_output', id: 'ctco_1', call_id: id, output: plan.output },
      }
    case 'local_shell':
      // Codex answers a local_shell_call with a function_call_output.
      return {
        call: {
          type: 'local_shell_call',
          id: 'lsc_1',
          call_id: id,
          status: 'completed',
          action: { type: 'exec', command: plan.command, env: {} },
        },
        output: { type: 'function_call_output', call_id: id, output: plan.output },
      }
    case 'computer':
      return {
        call: {
          type: 'computer_call',
          id: 'cu_1',
          call_id: id,
          status: 'completed',
          pending_safety_checks: [],
          action: { type: 'screenshot' },
        },
        output: {
          type: 'computer_call_output',
          call_id: id,
          output:
            plan.input === ''
              ? { type: 'input_image', image_url: PNG }
              : { type: 'computer_screenshot', image_url: PNG },
        },
      }
    case 'apply_patch':
      return {
        call: { type: 'apply_patch_call', id: 'apc_1', call_id: id, status: 'completed', operation: plan.operation },
        output: { type: 'apply_patch_call_output', call_id: id, status: 'completed', output: plan.input },
      }
  }
}

const NAME_OF: Record<CallKind, string> = {
  function: 'exec_command',
  namespaced: 'spawn_agent',
  unknown: 'tool_from_an_earlier_turn',
  custom: 'apply_patch',
  local_shell: 'local_shell',
  computer: 'computer',
  apply_patch: 'apply_patch',
}

/**
 * One stretch of history. A tool turn: an optional preamble and reasoning, then its calls, then their outputs
 * (all, some, or in another order: Codex answers in call order, other clients need not), and sometimes an output
 * whose call is not in the history at all.
 */
export type Group =
  | { kind: 'items'; items: Json[] }
  | {
      kind: 'tool_turn'
      preamble: Json[]
      calls: CallPlan[]
      answered: boolean[]
      order: number[]
      orphanOutput?: CallPlan
    }

export function historyOf(groups: readonly Group[], style: IdStyle): Json[] {
  let n = 0
  /** Calls since the last output or user message: Kimi numbers the calls of one response from 0. */
  let inTurn = 0
  const items: Json[] = []
  for (const entry of groups) {
    if (entry.kind === 'items') {
      items.push(...entry.items)
      if (entry.items.some((item) => item.role === 'user')) inTurn = 0
      continue
    }
    items.push(...entry.preamble)
    const pairs = entry.calls.map((plan) => callItems(plan, callId(style, n++, inTurn++, NAME_OF[plan.kind])))
    items.push(...pairs.map((pair) => pair.call))
    const outputs = pairs.filter((_, index) => entry.answered[index] ?? true).map((pair) => pair.output)
    items.push(...shuffled(outputs, entry.order))
    if (entry.orphanOutput)
      items.push(
        callItems(entry.orphanOutput, callId(style === 'kimi' ? 'codex' : style, 1000 + n++, 0, 'lost')).output,
      )
    if (outputs.length > 0 || entry.orphanOutput) inTurn = 0
  }
  return items
}

function shuffled<T>(values: T[], order: readonly number[]): T[] {
  const rest = [...values]
  const result: T[] = []
  for (let step = 0; rest.length > 0; step++) result.push(rest.splice((order[step] ?? 0) % rest.length, 1)[0] as T)
  return result
}
