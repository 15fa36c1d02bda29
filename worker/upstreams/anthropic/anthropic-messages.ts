import { ABORTED_OUTPUT, SERVER_ONLY_ITEMS } from '../../canonical/history-policy'
import { unpackReasoning } from '../../canonical/reasoning-envelope'
import { textOf } from '../../canonical/responses-content'
import { historyToolCall, historyToolOutput } from '../../canonical/history-tool-items'
import { badRequest, isRecord } from '../../http/bad-request'
import { blocksOf, textBlock, type BlockOptions } from './anthropic-content'
import type { AnthropicBlock, AnthropicMessage } from './anthropic-types'
import { anthropicToolUseId } from './tool-use-id'

export interface AnthropicMessageOptions extends BlockOptions {
  /** Only thinking blocks this same upstream signed are sent back. */
  origin: string
}

export interface AnthropicConversation {
  system: string[]
  messages: AnthropicMessage[]
}

interface AssistantTurn {
  thinking: AnthropicBlock[]
  blocks: AnthropicBlock[]
}

/**
 * Codex's input items → Anthropic's structure: system text apart; strictly alternating user/assistant turns
 * (consecutive items of one side merged); each assistant turn's own signed thinking first, byte for byte; every
 * tool_use answered by a tool_result at the start of the next user turn (interrupted calls get one too); no
 * empty text blocks; and never a thinking block that another provider produced.
 */
export function buildAnthropicConversation(instructions: unknown, input: unknown, options: AnthropicMessageOptions): AnthropicConversation {
  const system: string[] = []
  if (typeof instructions === 'string') system.push(instructions)
  else if (instructions !== undefined && instructions !== null) throw badRequest('instructions', 'expected a string')
  if (typeof input !== 'string' && !Array.isArray(input)) throw badRequest('input', 'expected a string or an array of items')
  const items: unknown[] = typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : input

  const messages: AnthropicMessage[] = []
  let turn: AssistantTurn | undefined
  let awaiting: string[] = []
  let hasConversationStarted = false

  function push(role: 'user' | 'assistant', blocks: AnthropicBlock[]): void {
    if (blocks.length === 0) return
    const last = messages.at(-1)
    if (last?.role === role) last.content.push(...blocks)
    else messages.push({ role, content: blocks })
  }

  function settle(): void {
    if (awaiting.length === 0) return
    const results: AnthropicBlock[] = awaiting.map((id) => ({ type: 'tool_result', tool_use_id: id, content: ABORTED_OUTPUT }))
    awaiting = []
    push('user', results)
  }

  function flushTurn(): void {
    if (!turn) return
    const current = turn
    turn = undefined
    // A turn with only thinking would become an assistant prefill; it carries nothing Codex needs.
    if (current.blocks.length === 0) return
    push('assistant', [...current.thinking, ...current.blocks])
    awaiting = current.blocks.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []))
  }

  function assistantTurn(): AssistantTurn {
    if (!turn) {
      settle()
      turn = { thinking: [], blocks: [] }
    }
    return turn
  }

  function addToolUse(callId: string, name: string, input: Record<string, unknown>): void {
    assistantTurn().blocks.push({ type: 'tool_use', id: anthropicToolUseId(callId), name, input })
  }

  function addToolResult(callId: string, output: unknown, path: string): void {
    flushTurn()
    const id = anthropicToolUseId(callId)
    const content = typeof output === 'string' ? textBlock(output) : blocksOf(output, path, options)
    const waiting = awaiting.indexOf(id)
    if (waiting === -1) {
      // Its call is not in the turn before (a trimmed history), so it cannot be a tool_result: a labelled user
      // message instead, images kept as images.
      settle()
      push('user', [...textBlock(`Output of tool call ${callId}:`), ...(content.length === 0 ? textBlock('(no output)') : content)])
      return
    }
    awaiting.splice(waiting, 1)
    const result: AnthropicBlock = { type: 'tool_result', tool_use_id: id, content: content.length === 0 ? '(no output)' : content }
    // tool_result blocks must open the user turn that follows the tool_use.
    const last = messages.at(-1)
    if (last?.role === 'user') {
      const firstOther = last.content.findIndex((block) => block.type !== 'tool_result')
      last.content.splice(firstOther === -1 ? last.content.length : firstOther, 0, result)
    } else push('user', [result])
  }

  items.forEach((raw, index) => {
    const path = `input[${index}]`
    if (!isRecord(raw)) throw badRequest(path, 'expected an item object')
    const type = raw.type ?? (raw.role !== undefined ? 'message' : undefined)
    if (type !== 'message' || (raw.role !== 'system' && raw.role !== 'developer')) hasConversationStarted = true
    switch (type) {
      case 'message': {
        if (raw.role === 'system' || raw.role === 'developer') {
          const text = textOf(raw.content, `${path}.content`)
          if (!hasConversationStarted) system.push(text)
          else {
            flushTurn()
            settle()
            push('user', textBlock(text))
          }
          return
        }
        if (raw.role === 'assistant') {
          assistantTurn().blocks.push(...textBlock(textOf(raw.content, `${path}.content`)))
          return
        }
        if (raw.role !== 'user') throw badRequest(`${path}.role`, `expected "user", "assistant", "system" or "developer", got ${JSON.stringify(raw.role)}`)
        flushTurn()
        settle()
        push('user', blocksOf(raw.content, `${path}.content`, options))
        return
      }
      case 'reasoning': {
        const envelope = unpackReasoning(raw.encrypted_content)
        if (envelope?.origin !== options.origin || envelope.state.kind !== 'anthropic') {
          options.dropped.push(`${path}: reasoning from another upstream is not sent`)
          return
        }
        assistantTurn().thinking.push(...(envelope.state.blocks as AnthropicBlock[]))
        return
      }
      case 'function_call':
      case 'custom_tool_call':
      case 'local_shell_call':
      case 'computer_call':
      case 'apply_patch_call': {
        const call = historyToolCall(raw, path)
        if (call) addToolUse(call.callId, call.name, argumentsObject(call.arguments))
        return
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
      case 'computer_call_output':
      case 'local_shell_call_output':
      case 'apply_patch_call_output': {
        const result = historyToolOutput(raw, path)
        if (result) addToolResult(result.callId, result.output, `${path}.output`)
        return
      }
      default:
        if (typeof type === 'string' && SERVER_ONLY_ITEMS.has(type)) {
          options.dropped.push(`${path} (${type}): only a Responses server can use it`)
          return
        }
        throw badRequest(`${path}.type`, `unsupported item type ${JSON.stringify(type)}`)
    }
  })
  flushTurn()
  settle()

  if (messages.length === 0) throw badRequest('input', 'contains no message for the model')
  // Anthropic requires the first turn to be the user's.
  if (messages[0]?.role === 'assistant') messages.unshift({ role: 'user', content: [{ type: 'text', text: '(conversation continues)' }] })
  return { system: system.filter((text) => text.trim() !== ''), messages }
}

/** tool_use input must be an object; arguments that are not a JSON object are kept under `input`. */
function argumentsObject(args: unknown): Record<string, unknown> {
  if (typeof args !== 'string' || args.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(args)
    return isRecord(parsed) ? parsed : { input: parsed }
  } catch {
    return { input: args }
  }
}
