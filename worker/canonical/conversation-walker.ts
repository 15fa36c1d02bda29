import { badRequest, isRecord } from '../http/bad-request'
import type { AssistantPart, ConversationTurn, ReasoningOfKind, ReplayableReasoningKind } from './conversation-turns'
import { withoutControlCharacters } from './control-characters'
import { SERVER_ONLY_ITEMS } from './history-policy'
import { historyToolCall, historyToolOutput } from './history-tool-items'
import { unpackReasoning, withItsText, type ReasoningState } from './reasoning-envelope'
import { textOf } from './responses-content'

export interface WalkOptions<Kind extends ReplayableReasoningKind> {
  /** Our reasoning envelopes from this upstream, of this kind, are handed back; any other reasoning is dropped. */
  origin: string
  reasoningKind: Kind
  /** The request's list of what could not be used. */
  dropped: string[]
}

interface OpenTurn<Reasoning> {
  parts: AssistantPart[]
  reasoning: Reasoning[]
}

/**
 * Codex's `instructions` and `input` items → the conversation, in one pass, for any upstream. Returned: the system
 * text, the instructions and the system or developer messages before the conversation begins (none blank).
 * Handed to `onTurn` in order (a callback, not a generator: the walk runs over every item of every request, and
 * a generator's protocol costs it a third again): user messages; consecutive assistant items (text, reasoning,
 * calls) as one turn; each output matched to a call of the turn just before it, and the end of those results
 * marked with the calls that got none; outputs without a waiting call apart. Our compaction items were already
 * expanded (compaction.ts); other items only a Responses server can use are left out with a note, and leave the
 * conversation as it would be without them. Errors name the item's JSON path (`input[3].call_id: …`).
 */
export function walkConversation<Kind extends ReplayableReasoningKind>(
  instructions: unknown,
  input: unknown,
  options: WalkOptions<Kind>,
  onTurn: (turn: ConversationTurn<ReasoningOfKind<Kind>>) => void,
): string[] {
  const system: string[] = []
  if (typeof instructions === 'string') {
    if (instructions.trim() !== '') system.push(instructions)
  } else if (instructions !== undefined && instructions !== null) throw badRequest('instructions', 'expected a string')
  if (typeof input !== 'string' && !Array.isArray(input))
    throw badRequest('input', 'expected a string or an array of items')
  const items: readonly unknown[] =
    typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : input

  let open: OpenTurn<ReasoningOfKind<Kind>> | undefined
  /** The calls of the last assistant turn that have no result yet. */
  let awaiting: string[] = []
  /** Results came since the last end of results (what an adapter gathered for them, e.g. images, is still due). */
  let hasResults = false
  let hasConversationStarted = false

  function closeTurn(): void {
    if (!open) return
    const { parts, reasoning } = open
    open = undefined
    awaiting = []
    for (const part of parts) if (part.type === 'tool_call') awaiting.push(part.call.callId)
    onTurn({ kind: 'assistant', parts, reasoning })
  }

  function endResults(): string[] {
    const unanswered = awaiting
    awaiting = []
    hasResults = false
    return unanswered
  }

  function closeResults(): void {
    if (awaiting.length > 0 || hasResults) onTurn({ kind: 'tool_results_end', unanswered: endResults() })
  }

  /** Before a user turn: the assistant turn and its results are over. */
  function closeExchange(): void {
    closeTurn()
    closeResults()
  }

  /** The assistant turn that gathers the next assistant item; a new one ends the results of the one before. */
  function assistantTurn(): OpenTurn<ReasoningOfKind<Kind>> {
    if (open) return open
    closeResults()
    open = { parts: [], reasoning: [] }
    return open
  }

  /** An output: the result of a call the turn before made, or an orphan that ends those results. */
  function answer(callId: string, output: unknown, path: string): void {
    closeTurn()
    const waiting = awaiting.indexOf(callId)
    if (waiting === -1) {
      onTurn({ kind: 'orphan_tool_result', unanswered: endResults(), callId, output, path })
      return
    }
    awaiting.splice(waiting, 1)
    hasResults = true
    onTurn({ kind: 'tool_result', callId, output, path })
  }

  for (let index = 0; index < items.length; index++) {
    const raw = items[index]
    const path = `input[${index}]`
    if (!isRecord(raw)) throw badRequest(path, 'expected an item object')
    const type = raw.type ?? (raw.role !== undefined ? 'message' : undefined)
    switch (type) {
      case 'message': {
        const role = raw.role
        // A message with nothing in it says nothing, to every upstream: strict ones refuse blank content, and
        // leaving it in would split the turns around it (two assistant messages in a row, thinking mid-turn).
        if (MESSAGE_ROLES.has(role) && isBlankContent(raw.content)) {
          options.dropped.push(`${path}: a blank ${String(role)} message is not sent`)
          continue
        }
        if (role === 'system' || role === 'developer') {
          const text = textOf(raw.content, `${path}.content`)
          // Upstreams take system text only first: later on (a sandbox change, say) it is the user's.
          if (!hasConversationStarted) {
            if (text.trim() !== '') system.push(text)
            continue
          }
          closeExchange()
          onTurn({ kind: 'user', content: text, path: `${path}.content` })
          continue
        }
        hasConversationStarted = true
        if (role === 'assistant') {
          const text = textOf(raw.content, `${path}.content`)
          assistantTurn().parts.push({ type: 'text', text })
          continue
        }
        if (role !== 'user')
          throw badRequest(
            `${path}.role`,
            `expected "user", "assistant", "system" or "developer", got ${JSON.stringify(role)}`,
          )
        closeExchange()
        onTurn({ kind: 'user', content: raw.content, path: `${path}.content` })
        continue
      }
      case 'reasoning': {
        hasConversationStarted = true
        const envelope = unpackReasoning(raw.encrypted_content)
        if (envelope?.origin !== options.origin || !isOfKind(envelope.state, options.reasoningKind)) {
          options.dropped.push(`${path}: reasoning from another upstream is not sent`)
          continue
        }
        assistantTurn().reasoning.push(withItsText(envelope.state, raw))
        continue
      }
      default: {
        // Tool calls and their outputs, of every kind Codex has (history-tool-items.ts names them).
        const call = historyToolCall(raw, path)
        if (call) {
          hasConversationStarted = true
          assistantTurn().parts.push({ type: 'tool_call', call })
          continue
        }
        const result = historyToolOutput(raw, path)
        if (result) {
          hasConversationStarted = true
          answer(result.callId, result.output, `${path}.output`)
          continue
        }
        if (typeof type === 'string' && SERVER_ONLY_ITEMS.has(type)) {
          options.dropped.push(`${path} (${type}): only a Responses server can use it`)
          continue
        }
        throw badRequest(`${path}.type`, `unsupported item type ${JSON.stringify(type)}`)
      }
    }
  }
  closeExchange()
  return system
}

function isOfKind<Kind extends ReplayableReasoningKind>(
  state: ReasoningState,
  kind: Kind,
): state is ReasoningOfKind<Kind> {
  return state.kind === kind
}

const MESSAGE_ROLES: ReadonlySet<unknown> = new Set(['user', 'assistant', 'system', 'developer'])
const TEXT_PARTS = new Set(['input_text', 'output_text', 'text', 'summary_text'])

/**
 * Only whitespace and controls (which every adapter removes: control-characters.ts), or text parts of only those;
 * a part of any other kind (an image, a file, a refusal) is content.
 */
function isBlankContent(content: unknown): boolean {
  if (typeof content === 'string') return isBlankText(content)
  if (!Array.isArray(content)) return false
  return content.every((part) =>
    typeof part === 'string'
      ? isBlankText(part)
      : isRecord(part) && TEXT_PARTS.has(String(part.type)) && typeof part.text === 'string' && isBlankText(part.text),
  )
}

function isBlankText(text: string): boolean {
  // Most texts start with a character that is neither whitespace nor a control: no need to clean all of them.
  const firstVisible = text.search(VISIBLE)
  if (firstVisible === -1) return true
  if (text.lastIndexOf(ESCAPE, firstVisible) === -1) return false
  return withoutControlCharacters(text).trim() === '' // it may be part of a terminal escape sequence
}

/** A character that neither `trim` nor the control cleaning removes on its own. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what is skipped here
const VISIBLE = /[^\s\x00-\x1f]/
const ESCAPE = '\x1b'
