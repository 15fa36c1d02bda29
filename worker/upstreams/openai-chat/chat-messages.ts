import { unpackReasoning } from '../../canonical/reasoning-envelope'
import { ABORTED_OUTPUT, SERVER_ONLY_ITEMS } from '../../canonical/history-policy'
import { historyToolCall, historyToolOutput } from '../../canonical/history-tool-items'
import { badRequest, isRecord } from '../../http/bad-request'
import { chatPartsOf, collapseParts, textOf, type ContentOptions } from './chat-content'
import { emptyTurnReasoning, gatherTurnReasoning, replayTurnReasoning, type TurnReasoning } from './chat-reasoning-replay'
import type { ChatContentPart, ChatMessage, ChatToolCall } from './chat-types'

export interface MessageOptions extends ContentOptions {
  /** Our reasoning envelopes from this upstream are unpacked; any other reasoning is dropped. */
  origin: string
  /** `null` (OpenAI) or `""` (servers that reject null) as the content of a tool-call-only assistant message. */
  emptyAssistantContent: null | ''
}

interface AssistantTurn {
  texts: string[]
  toolCalls: ChatToolCall[]
  reasoning: TurnReasoning
}

/**
 * Codex's input items → a chat message list every strict upstream accepts: one leading system message;
 * consecutive assistant items (reasoning, text, calls) merged into one assistant message; each call answered
 * by a tool message right after it (interrupted calls get a synthetic answer); images from tool outputs moved
 * to a user message after the tool messages; no empty content anywhere.
 */
export function buildChatMessages(instructions: unknown, input: unknown, options: MessageOptions): ChatMessage[] {
  const systemTexts: string[] = []
  if (typeof instructions === 'string' && instructions.trim() !== '') systemTexts.push(instructions)
  else if (instructions !== undefined && instructions !== null && typeof instructions !== 'string') throw badRequest('instructions', 'expected a string')

  const messages: ChatMessage[] = []
  let turn: AssistantTurn | undefined
  let awaitingOutputs: string[] = []
  let toolImages: ChatContentPart[] = []
  let hasConversationStarted = false

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
  function settleToolResults(): void {
    for (const callId of awaitingOutputs) messages.push({ role: 'tool', tool_call_id: callId, content: ABORTED_OUTPUT })
    awaitingOutputs = []
    if (toolImages.length > 0) {
      pushUser([{ type: 'text', text: 'Images returned by the tool calls above:' }, ...toolImages])
      toolImages = []
    }
  }

  function flushTurn(): void {
    if (!turn) return
    const current = turn
    turn = undefined
    const text = current.texts.filter((part) => part !== '').join('\n\n')
    if (text === '' && current.toolCalls.length === 0) return
    const message: ChatMessage & { role: 'assistant' } = { role: 'assistant', content: text === '' ? options.emptyAssistantContent : text }
    if (current.toolCalls.length > 0) message.tool_calls = current.toolCalls
    replayTurnReasoning(message, current.reasoning)
    messages.push(message)
    awaitingOutputs = current.toolCalls.map((call) => call.id)
  }

  function assistantTurn(): AssistantTurn {
    if (!turn) {
      settleToolResults()
      turn = { texts: [], toolCalls: [], reasoning: emptyTurnReasoning() }
    }
    return turn
  }

  function addToolCall(callId: string, name: string, args: string): void {
    assistantTurn().toolCalls.push({ id: callId, type: 'function', function: { name, arguments: normalizeArguments(args) } })
  }

  function addToolOutput(callId: string, output: unknown, path: string): void {
    flushTurn()
    const text = toolOutputText(output, path, options, toolImages)
    const waiting = awaitingOutputs.indexOf(callId)
    if (waiting === -1) {
      // An output whose call is not in the preceding assistant message cannot be a tool message.
      settleToolResults()
      pushUser(`Output of tool call ${callId}:\n${text}`)
      return
    }
    awaitingOutputs.splice(waiting, 1)
    messages.push({ role: 'tool', tool_call_id: callId, content: text === '' ? '(no output)' : text })
  }

  const items: unknown[] = typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : Array.isArray(input) ? input : []
  if (typeof input !== 'string' && !Array.isArray(input)) throw badRequest('input', 'expected a string or an array of items')

  items.forEach((raw, index) => {
    const path = `input[${index}]`
    if (!isRecord(raw)) throw badRequest(path, 'expected an item object')
    const type = raw.type ?? (raw.role !== undefined ? 'message' : undefined)
    switch (type) {
      case 'message': {
        const role = raw.role
        if (role === 'system' || role === 'developer') {
          const text = textOf(raw.content, `${path}.content`)
          if (!hasConversationStarted) systemTexts.push(text)
          else {
            flushTurn()
            settleToolResults()
            pushUser(text)
          }
          return
        }
        hasConversationStarted = true
        if (role === 'assistant') {
          assistantTurn().texts.push(textOf(raw.content, `${path}.content`))
          return
        }
        if (role !== 'user') throw badRequest(`${path}.role`, `expected "user", "assistant", "system" or "developer", got ${JSON.stringify(role)}`)
        flushTurn()
        settleToolResults()
        pushUser(collapseParts(chatPartsOf(raw.content, `${path}.content`, options)))
        return
      }
      case 'reasoning': {
        hasConversationStarted = true
        const envelope = unpackReasoning(raw.encrypted_content)
        if (envelope?.origin !== options.origin || envelope.state.kind !== 'chat') {
          options.dropped.push(`${path}: reasoning from another upstream is not sent`)
          return
        }
        gatherTurnReasoning(assistantTurn().reasoning, envelope.state)
        return
      }
      case 'function_call':
      case 'custom_tool_call':
      case 'local_shell_call':
      case 'computer_call':
      case 'apply_patch_call': {
        hasConversationStarted = true
        const call = historyToolCall(raw, path)
        if (call) addToolCall(call.callId, call.name, call.arguments)
        return
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
      case 'computer_call_output':
      case 'local_shell_call_output':
      case 'apply_patch_call_output': {
        hasConversationStarted = true
        const result = historyToolOutput(raw, path)
        if (result) addToolOutput(result.callId, result.output, `${path}.output`)
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
  settleToolResults()

  if (messages.length === 0) throw badRequest('input', 'contains no message for the model')
  const system = systemTexts.filter((text) => text.trim() !== '').join('\n\n')
  return system === '' ? messages : [{ role: 'system', content: system }, ...messages]
}

function mergeUserContent(left: string | ChatContentPart[], right: string | ChatContentPart[]): string | ChatContentPart[] {
  if (typeof left === 'string' && typeof right === 'string') return `${left}\n\n${right}`
  const asParts = (content: string | ChatContentPart[]): ChatContentPart[] => (typeof content === 'string' ? [{ type: 'text', text: content }] : content)
  return [...asParts(left), ...asParts(right)]
}

/** Servers such as Ollama reject history whose arguments are not JSON; empty means no arguments. */
function normalizeArguments(args: string): string {
  if (args.trim() === '') return '{}'
  try {
    JSON.parse(args)
    return args
  } catch {
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
