import { isRecord } from '../../http/bad-request'
import { jsonOfEventData } from '../../protocol/event-data-json'
import type { AnthropicCompletion, AnthropicDelta, AnthropicStreamBlock, AnthropicStreamEvent } from './anthropic-types'

type ContentBlockDelta = Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>

const UNKNOWN_EVENT: AnthropicStreamEvent = { type: 'unknown' }
const MESSAGE_STOP: AnthropicStreamEvent = { type: 'message_stop' }
const PING: AnthropicStreamEvent = { type: 'ping' }
const UNKNOWN_BLOCK: AnthropicStreamBlock = { type: 'unknown' }

/** One SSE event's data → the event it is; data that is not JSON is `unknown`. */
export function parseAnthropicEvent(data: string): AnthropicStreamEvent {
  return anthropicStreamEventOf(jsonOfEventData(data))
}

/**
 * Parsed JSON → an Anthropic stream event, the only place the stream's wire shape is read. A delta, one per
 * token, is the parsed object itself once its fields check out; the rarer events are built with only what the
 * translator reads, as leniently as Anthropic-compatible servers need (a missing id is "", a missing text none).
 */
export function anthropicStreamEventOf(json: unknown): AnthropicStreamEvent {
  if (!isRecord(json)) return UNKNOWN_EVENT
  switch (json.type) {
    case 'message_start':
      return { type: 'message_start', usage: isRecord(json.message) ? json.message.usage : undefined }
    case 'content_block_start':
      return typeof json.index === 'number' && isRecord(json.content_block)
        ? { type: 'content_block_start', index: json.index, content_block: streamBlockOf(json.content_block) }
        : UNKNOWN_EVENT
    case 'content_block_delta':
      // A delta of a kind we do not know (or without its text) changes nothing: skipped.
      return isContentBlockDelta(json) ? json : UNKNOWN_EVENT
    case 'content_block_stop':
      return typeof json.index === 'number' ? { type: 'content_block_stop', index: json.index } : UNKNOWN_EVENT
    case 'message_delta': {
      const stopReason =
        isRecord(json.delta) && typeof json.delta.stop_reason === 'string' ? json.delta.stop_reason : undefined
      return { type: 'message_delta', stop_reason: stopReason, usage: json.usage }
    }
    case 'message_stop':
      return MESSAGE_STOP
    case 'ping':
      return PING
    case 'error':
      return { type: 'error', error: json.error }
    default:
      return UNKNOWN_EVENT
  }
}

/** A complete Message body; an error body's own message says what went wrong, so it is looked at first. */
export function anthropicCompletionOf(body: unknown): AnthropicCompletion {
  if (isRecord(body) && body.type === 'error') return { type: 'error', error: body.error ?? body }
  if (isRecord(body) && body.content === undefined && isRecord(body.error)) return { type: 'error', error: body.error }
  if (!isRecord(body) || !Array.isArray(body.content))
    return { type: 'error', error: { message: 'the upstream answered with something that is not a Message' } }
  const content = body.content.filter(isRecord).map(streamBlockOf)
  return {
    type: 'message',
    content,
    usage: body.usage,
    stop_reason: typeof body.stop_reason === 'string' ? body.stop_reason : undefined,
  }
}

function streamBlockOf(block: Record<string, unknown>): AnthropicStreamBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: typeof block.text === 'string' ? block.text : '' }
    case 'tool_use':
      return { type: 'tool_use', id: String(block.id ?? ''), name: String(block.name ?? ''), input: block.input }
    case 'thinking':
      return {
        type: 'thinking',
        thinking: typeof block.thinking === 'string' ? block.thinking : '',
        signature: typeof block.signature === 'string' ? block.signature : '',
      }
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: String(block.data ?? '') }
    default:
      return UNKNOWN_BLOCK
  }
}

function isContentBlockDelta(event: Record<string, unknown>): event is ContentBlockDelta {
  return event.type === 'content_block_delta' && typeof event.index === 'number' && isAnthropicDelta(event.delta)
}

function isAnthropicDelta(delta: unknown): delta is AnthropicDelta {
  if (!isRecord(delta)) return false
  switch (delta.type) {
    case 'text_delta':
      return typeof delta.text === 'string'
    case 'input_json_delta':
      return typeof delta.partial_json === 'string'
    case 'thinking_delta':
      return typeof delta.thinking === 'string'
    case 'signature_delta':
      return typeof delta.signature === 'string'
    default:
      return false
  }
}
