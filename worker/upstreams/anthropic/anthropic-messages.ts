import { assertNever } from '../../canonical/assert-never'
import type { AssistantPart, ReasoningOfKind, ToolOutput } from '../../canonical/conversation-turns'
import { walkConversation, type WalkOptions } from '../../canonical/conversation-walker'
import { ABORTED_OUTPUT } from '../../canonical/history-policy'
import { badRequest, isRecord } from '../../http/bad-request'
import { blocksOf, textBlock, type BlockOptions } from './anthropic-content'
import type { AnthropicBlock, AnthropicMessage } from './anthropic-types'
import { createToolUseIds, type ToolUseIds } from './tool-use-id'

const CONTINUE = 'Continue.'

export interface AnthropicMessageOptions extends BlockOptions {
  /** Only thinking blocks this same upstream signed are sent back. */
  origin: string
}

export interface AnthropicConversation {
  system: string[]
  messages: AnthropicMessage[]
}

/**
 * Codex's input items → Anthropic's structure, from the conversation's turns (conversation-walker.ts): system
 * text apart; strictly alternating user/assistant turns (consecutive items of one side merged); each assistant
 * turn's own signed thinking first, byte for byte; every tool_use answered by a tool_result at the start of the
 * next user turn (interrupted calls get one too); no empty text blocks; and never a thinking block that another
 * provider produced.
 */
export function buildAnthropicConversation(
  instructions: unknown,
  input: unknown,
  options: AnthropicMessageOptions,
): AnthropicConversation {
  const messages: AnthropicMessage[] = []
  const ids = createToolUseIds()

  function push(role: 'user' | 'assistant', blocks: AnthropicBlock[]): void {
    if (blocks.length === 0) return
    const last = messages.at(-1)
    if (last?.role === role) last.content.push(...blocks)
    else messages.push({ role, content: blocks })
  }

  function answerInterrupted(unanswered: readonly string[]): void {
    push(
      'user',
      unanswered.map((callId) => ({
        type: 'tool_result',
        tool_use_id: ids.forResult(callId),
        content: ABORTED_OUTPUT,
      })),
    )
  }

  function addToolResult(result: ToolOutput): void {
    const content = resultBlocks(result, options)
    const block: AnthropicBlock = {
      type: 'tool_result',
      tool_use_id: ids.forResult(result.callId),
      content: content.length === 0 ? '(no output)' : content,
    }
    // tool_result blocks must open the user turn that follows the tool_use.
    const last = messages.at(-1)
    if (last?.role === 'user') {
      const firstOther = last.content.findIndex((existing) => existing.type !== 'tool_result')
      last.content.splice(firstOther === -1 ? last.content.length : firstOther, 0, block)
    } else push('user', [block])
  }

  /** Its call is not in the turn before (a trimmed history): a labelled user message, images kept as images. */
  function addOrphanResult(orphan: ToolOutput & { unanswered: readonly string[] }): void {
    const content = resultBlocks(orphan, options)
    answerInterrupted(orphan.unanswered)
    push('user', [
      ...textBlock(`Output of tool call ${orphan.callId}:`),
      ...(content.length === 0 ? textBlock('(no output)') : content),
    ])
  }

  const walk: WalkOptions<'anthropic'> = {
    origin: options.origin,
    reasoningKind: 'anthropic',
    dropped: options.dropped,
  }
  const system = walkConversation(instructions, input, walk, (turn) => {
    switch (turn.kind) {
      case 'user':
        push('user', blocksOf(turn.content, turn.path, options))
        return
      case 'assistant':
        push('assistant', assistantBlocks(turn.parts, turn.reasoning, ids))
        return
      case 'tool_result':
        addToolResult(turn)
        return
      case 'tool_results_end':
        answerInterrupted(turn.unanswered)
        return
      case 'orphan_tool_result':
        addOrphanResult(turn)
        return
      default:
        assertNever(turn)
    }
  })

  if (messages.length === 0) throw badRequest('input', 'contains no message for the model')
  // Anthropic requires the first turn to be the user's.
  if (messages[0]?.role === 'assistant')
    messages.unshift({ role: 'user', content: [{ type: 'text', text: '(conversation continues)' }] })
  // A history that ends on the assistant's side asks, in the Responses API, for the assistant's next message;
  // Anthropic would take that turn as a prefill to continue, and refuses most prefills (trailing whitespace, one
  // without thinking while thinking is on, thinking while it is off). A user turn keeps it history.
  if (messages.at(-1)?.role === 'assistant') {
    messages.push({ role: 'user', content: [{ type: 'text', text: CONTINUE }] })
    options.dropped.push(`input: ends on the assistant's turn, sent with a user turn "${CONTINUE}" after it`)
  }
  return { system, messages }
}

/** An assistant turn's blocks, its own thinking first; none when it says nothing (thinking alone would be a prefill). */
function assistantBlocks(
  parts: readonly AssistantPart[],
  reasoning: readonly ReasoningOfKind<'anthropic'>[],
  ids: ToolUseIds,
): AnthropicBlock[] {
  const blocks: AnthropicBlock[] = []
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        blocks.push(...textBlock(part.text))
        break
      case 'tool_call':
        blocks.push({
          type: 'tool_use',
          id: ids.forCall(part.call.callId),
          name: part.call.name,
          input: argumentsObject(part.call.arguments),
        })
        break
      default:
        assertNever(part)
    }
  }
  if (blocks.length === 0) return blocks
  const thinking: AnthropicBlock[] = []
  // The blocks are the ones this upstream signed, packed by anthropic-stream.ts; they go back byte for byte.
  for (const state of reasoning) thinking.push(...(state.blocks as AnthropicBlock[]))
  return [...thinking, ...blocks]
}

function resultBlocks(result: ToolOutput, options: BlockOptions): AnthropicBlock[] {
  return typeof result.output === 'string' ? textBlock(result.output) : blocksOf(result.output, result.path, options)
}

/** tool_use input must be an object; arguments that are not a JSON object are kept under `input`. */
function argumentsObject(args: string): Record<string, unknown> {
  if (args.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(args)
    return isRecord(parsed) ? parsed : { input: parsed }
  } catch {
    // Not JSON (history another client wrote as raw text): kept whole, as the one argument of the call.
    return { input: args }
  }
}
