import { assertNever } from '../../canonical/assert-never'
import type { AssistantPart, ReasoningOfKind } from '../../canonical/conversation-turns'
import { walkConversation, type WalkOptions } from '../../canonical/conversation-walker'
import { ABORTED_OUTPUT } from '../../canonical/history-policy'
import { badRequest } from '../../http/bad-request'
import { chatPartsOf, collapseParts, type ContentOptions } from './chat-content'
import { emptyTurnReasoning, gatherTurnReasoning, replayTurnReasoning } from './chat-reasoning-replay'
import type { ChatContentPart, ChatMessage, ChatToolCall } from './chat-types'

export interface MessageOptions extends ContentOptions {
  /** Our reasoning envelopes from this upstream are unpacked; any other reasoning is dropped. */
  origin: string
  /** `null` (OpenAI) or `""` (servers that reject null) as the content of a tool-call-only assistant message. */
  emptyAssistantContent: null | ''
}

type AssistantMessage = ChatMessage & { role: 'assistant' }

/**
 * Codex's input items → a chat message list every strict upstream accepts, from the conversation's turns
 * (conversation-walker.ts): one leading system message; each assistant turn as one assistant message; each call
 * answered by a tool message right after it (interrupted calls get a synthetic answer); images from tool outputs
 * moved to a user message after the tool messages; no empty content anywhere.
 */
export function buildChatMessages(instructions: unknown, input: unknown, options: MessageOptions): ChatMessage[] {
  const messages: ChatMessage[] = []
  /** Images from the tool outputs since the last end of results: a tool message holds text only. */
  let toolImages: ChatContentPart[] = []

  function pushUser(content: string | ChatContentPart[]): void {
    if (content === '' || (Array.isArray(content) && content.length === 0)) return
    const last = messages.at(-1)
    if (last?.role === 'user') {
      last.content = mergeUserContent(last.content, content)
      return
    }
    messages.push({ role: 'user', content })
  }

  /** Ends the tool-result run: interrupted calls get an answer, and images from tool outputs follow. */
  function endToolResults(unanswered: readonly string[]): void {
    for (const callId of unanswered) messages.push({ role: 'tool', tool_call_id: callId, content: ABORTED_OUTPUT })
    if (toolImages.length > 0) {
      pushUser([{ type: 'text', text: 'Images returned by the tool calls above:' }, ...toolImages])
      toolImages = []
    }
  }

  const walk: WalkOptions<'chat'> = { origin: options.origin, reasoningKind: 'chat', dropped: options.dropped }
  const systemTexts = walkConversation(instructions, input, walk, (turn) => {
    switch (turn.kind) {
      case 'user':
        pushUser(collapseParts(chatPartsOf(turn.content, turn.path, options)))
        return
      case 'assistant': {
        const message = assistantMessage(turn.parts, turn.reasoning, options.emptyAssistantContent)
        if (message) messages.push(message)
        return
      }
      case 'tool_result': {
        const text = toolOutputText(turn.output, turn.path, options, toolImages)
        messages.push({ role: 'tool', tool_call_id: turn.callId, content: text === '' ? '(no output)' : text })
        return
      }
      case 'tool_results_end':
        endToolResults(turn.unanswered)
        return
      case 'orphan_tool_result': {
        // Its images go with the images of the results it ends, so they are gathered first.
        const text = toolOutputText(turn.output, turn.path, options, toolImages)
        endToolResults(turn.unanswered)
        pushUser(`Output of tool call ${turn.callId}:\n${text}`)
        return
      }
      default:
        assertNever(turn)
    }
  })

  if (messages.length === 0) throw badRequest('input', 'contains no message for the model')
  const system = systemTexts.join('\n\n')
  return system === '' ? messages : [{ role: 'system', content: system }, ...messages]
}

/** An assistant turn as one message, its reasoning replayed where the upstream wants it; none when it says nothing. */
function assistantMessage(
  parts: readonly AssistantPart[],
  reasoning: readonly ReasoningOfKind<'chat'>[],
  emptyContent: null | '',
): AssistantMessage | undefined {
  const texts: string[] = []
  const toolCalls: ChatToolCall[] = []
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        if (part.text.trim() !== '') texts.push(part.text)
        break
      case 'tool_call':
        toolCalls.push({
          id: part.call.callId,
          type: 'function',
          function: { name: part.call.name, arguments: normalizeArguments(part.call.arguments) },
        })
        break
      default:
        assertNever(part)
    }
  }
  const text = texts.join('\n\n')
  if (text === '' && toolCalls.length === 0) return undefined
  const message: AssistantMessage = { role: 'assistant', content: text === '' ? emptyContent : text }
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  const turnReasoning = emptyTurnReasoning()
  for (const state of reasoning) gatherTurnReasoning(turnReasoning, state)
  replayTurnReasoning(message, turnReasoning)
  return message
}

function mergeUserContent(
  left: string | ChatContentPart[],
  right: string | ChatContentPart[],
): string | ChatContentPart[] {
  if (typeof left === 'string' && typeof right === 'string') return `${left}\n\n${right}`
  const asParts = (content: string | ChatContentPart[]): ChatContentPart[] =>
    typeof content === 'string' ? [{ type: 'text', text: content }] : content
  return [...asParts(left), ...asParts(right)]
}

/** Servers such as Ollama reject history whose arguments are not JSON; empty means no arguments. */
function normalizeArguments(args: string): string {
  if (args.trim() === '') return '{}'
  try {
    JSON.parse(args)
    return args
  } catch {
    // Not JSON (history another client wrote as raw text): kept whole, as the one argument of the call.
    return JSON.stringify({ input: args })
  }
}

/** Tool output as text for the tool message; its images go to `images`, sent after the tool messages. */
function toolOutputText(output: unknown, path: string, options: ContentOptions, images: ChatContentPart[]): string {
  if (output === undefined || output === null) return ''
  if (typeof output === 'string') return output
  const parts = chatPartsOf(output, path, options)
  const texts: string[] = []
  for (const part of parts) {
    if (part.type === 'text') texts.push(part.text)
    else {
      images.push(part)
      texts.push('[image: sent in the next user message]')
    }
  }
  return texts.join('\n')
}
