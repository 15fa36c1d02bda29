import { withoutControlCharacters } from '../../canonical/control-characters'
import type { ChatReasoningState } from '../../canonical/reasoning-envelope'
import type { ChatMessage } from './chat-types'

/** The reasoning of one assistant turn, gathered from its reasoning items, by where it goes back. */
export interface TurnReasoning {
  /** Texts that came as `reasoning_content`; undefined when none did (then the field is not sent at all). */
  reasoningContent?: string[]
  /** Texts that came in `<think>` at the start of the content. */
  thinkTexts: string[]
  details: unknown[]
  thoughtSignatures: Record<string, string>
}

export function emptyTurnReasoning(): TurnReasoning {
  return { thinkTexts: [], details: [], thoughtSignatures: {} }
}

/** Adds one of our envelopes from this upstream to the turn it belongs to. */
export function gatherTurnReasoning(turn: TurnReasoning, state: ChatReasoningState): void {
  // Reasoning text is the upstream's own output, but it goes back to a strict upstream all the same.
  const text = withoutControlCharacters(state.text ?? '')
  switch (state.source) {
    case 'reasoning_content':
      turn.reasoningContent = turn.reasoningContent ?? []
      turn.reasoningContent.push(text)
      break
    case 'think_tag':
      if (text !== '') turn.thinkTexts.push(text)
      break
    // Nobody needs these back, and the upstreams that send them refuse fields they do not know on input
    // (Groq 400, Mistral 422: wire-formats.md §5 rows 12, 13); OpenRouter's texts travel in its details, and a
    // state without a source holds no text (only signatures or details).
    case 'reasoning':
    case 'reasoning_details':
    case 'thinking_parts':
    case undefined:
      break
    default:
      state.source satisfies never
  }
  if (state.details) turn.details.push(...state.details)
  Object.assign(turn.thoughtSignatures, state.thoughtSignatures ?? {})
}

/**
 * Hands a turn's reasoning back where its upstream wants it, and only on a turn with tool calls: DeepSeek and
 * Kimi refuse a tool-call turn without its `reasoning_content` (an empty one included) and ignore it elsewhere
 * (wire-formats.md §5 rows 1, 9); OpenRouter continues reasoning across tool calls from `reasoning_details` (row 4);
 * interleaved-thinking models served with `<think>` in the content (MiniMax) get their thinking back in the
 * content, as they wrote it.
 */
export function replayTurnReasoning(message: ChatMessage & { role: 'assistant' }, turn: TurnReasoning): void {
  if (!message.tool_calls) return
  for (const call of message.tool_calls) {
    const signature = turn.thoughtSignatures[call.id]
    if (signature !== undefined) call.extra_content = { google: { thought_signature: signature } }
  }
  if (turn.reasoningContent) message.reasoning_content = turn.reasoningContent.join('')
  if (turn.details.length > 0) message.reasoning_details = turn.details
  if (turn.thinkTexts.length > 0) message.content = `<think>${turn.thinkTexts.join('')}</think>${message.content ?? ''}`
}
