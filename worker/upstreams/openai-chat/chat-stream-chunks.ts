import { isRecord } from '../../http/bad-request'
import { jsonOfEventData } from '../../protocol/event-data-json'
import { findChunkUsage } from './chat-usage'
import type { ChatContentDelta, ChatDelta, ChatStreamChunk, ChatToolCallDelta } from './chat-types'

const DONE: ChatStreamChunk = { kind: 'done' }
const UNKNOWN: ChatStreamChunk = { kind: 'unknown' }

/** One SSE event's data → the chunk it is. Servers interleave lines that are not JSON (banners): `unknown`. */
export function parseChatEvent(data: string): ChatStreamChunk {
  return data === '[DONE]' ? DONE : chatChunkOf(jsonOfEventData(data))
}

/**
 * Parsed JSON (a streamed chunk, or a whole completion, whose choice has `message` instead of `delta`) → a chat
 * chunk, the only place the wire shape is read. Every field is taken only when it has its type, so a server that
 * sends `null` or something odd for one field still has the others read, as lenient as servers need.
 */
export function chatChunkOf(json: unknown): ChatStreamChunk {
  if (Array.isArray(json)) return { kind: 'error', error: isRecord(json[0]) ? json[0].error : json[0] }
  if (!isRecord(json)) return UNKNOWN
  if (json.error !== undefined && json.error !== null) return { kind: 'error', error: json.error }
  const choice = Array.isArray(json.choices) ? json.choices[0] : undefined
  const usage = findChunkUsage(json)
  if (!isRecord(choice)) return { kind: 'chunk', usage }
  const wireDelta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : undefined
  const finishReason =
    typeof choice.finish_reason === 'string' && choice.finish_reason !== '' ? choice.finish_reason : undefined
  return { kind: 'chunk', usage, delta: wireDelta && chatDeltaOf(wireDelta), finish_reason: finishReason }
}

function chatDeltaOf(wire: Record<string, unknown>): ChatDelta {
  const delta: ChatDelta = {}
  if (typeof wire.content === 'string') delta.content = wire.content
  else if (Array.isArray(wire.content)) delta.content = contentPartsOf(wire.content)
  if (typeof wire.reasoning_content === 'string') delta.reasoning_content = wire.reasoning_content
  if (typeof wire.reasoning === 'string') delta.reasoning = wire.reasoning
  if (Array.isArray(wire.reasoning_details)) {
    delta.reasoning_details = wire.reasoning_details
    delta.reasoningDetailTexts = wire.reasoning_details
      .filter(isRecord)
      .map((detail) =>
        typeof detail.text === 'string' ? detail.text : typeof detail.summary === 'string' ? detail.summary : '',
      )
  }
  if (typeof wire.refusal === 'string') delta.refusal = wire.refusal
  if (Array.isArray(wire.tool_calls)) delta.tool_calls = toolCallDeltasOf(wire.tool_calls)
  return delta
}

/** Mistral's Magistral streams content as typed parts, with thinking inside (fixture 14). */
function contentPartsOf(parts: unknown[]): ChatContentDelta[] {
  const result: ChatContentDelta[] = []
  for (const part of parts) {
    if (!isRecord(part)) continue
    if (part.type === 'text' && typeof part.text === 'string') result.push({ type: 'text', text: part.text })
    else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
      const texts = part.thinking.flatMap((inner) =>
        isRecord(inner) && typeof inner.text === 'string' ? [inner.text] : [],
      )
      result.push({ type: 'thinking', texts })
    }
  }
  return result
}

/** A fragment comes with every token of a call: one already of the assembler's shape (nearly all) goes on as parsed. */
function toolCallDeltasOf(wire: unknown[]): ChatToolCallDelta[] {
  const deltas: ChatToolCallDelta[] = []
  for (const call of wire) {
    if (isToolCallDelta(call)) deltas.push(call)
    else if (isRecord(call)) deltas.push(cleanToolCallDelta(call))
  }
  return deltas
}

function isToolCallDelta(wire: unknown): wire is ChatToolCallDelta {
  if (!isRecord(wire)) return false
  const { index, id, type, function: fn, extra_content: extra } = wire
  if (
    (index !== undefined && typeof index !== 'number') ||
    (id !== undefined && typeof id !== 'string') ||
    (type !== undefined && typeof type !== 'string')
  )
    return false
  if (
    fn !== undefined &&
    !(
      isRecord(fn) &&
      (fn.name === undefined || typeof fn.name === 'string') &&
      (fn.arguments === undefined || typeof fn.arguments === 'string' || isRecord(fn.arguments))
    )
  )
    return false
  return (
    extra === undefined ||
    (isRecord(extra) && isRecord(extra.google) && typeof extra.google.thought_signature === 'string')
  )
}

/** The fields of a fragment that have their types; a `null` id or an index sent as text is no id or index. */
function cleanToolCallDelta(wire: Record<string, unknown>): ChatToolCallDelta {
  const delta: ChatToolCallDelta = {}
  if (typeof wire.index === 'number') delta.index = wire.index
  if (typeof wire.id === 'string') delta.id = wire.id
  if (isRecord(wire.function)) {
    const { name, arguments: args } = wire.function
    delta.function = {}
    if (typeof name === 'string') delta.function.name = name
    if (typeof args === 'string' || isRecord(args)) delta.function.arguments = args
  }
  const google =
    isRecord(wire.extra_content) && isRecord(wire.extra_content.google) ? wire.extra_content.google : undefined
  if (typeof google?.thought_signature === 'string')
    delta.extra_content = { google: { thought_signature: google.thought_signature } }
  return delta
}
