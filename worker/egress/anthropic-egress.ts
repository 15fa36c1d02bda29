import type { ResponsesStreamEvent } from '../protocol/responses-items'
import { incompleteReasonOf, type EgressFactory, type ResponseObject } from './egress'

type Block = { index: number; type: 'text' | 'thinking' | 'tool_use' }

const STOP_REASONS: Record<string, string> = { max_output_tokens: 'max_tokens', content_filter: 'refusal' }
const ERROR_TYPES: Record<string, string> = {
  rate_limit_exceeded: 'rate_limit_error',
  server_is_overloaded: 'overloaded_error',
  context_length_exceeded: 'invalid_request_error',
  invalid_prompt: 'invalid_request_error',
}

function sse(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
}

/** Responses usage → Anthropic usage (input without the cached part, which Anthropic reports apart). */
function anthropicUsage(usage: Record<string, unknown> | null | undefined) {
  const input = Number(usage?.input_tokens ?? 0)
  const cached = Number((usage?.input_tokens_details as Record<string, unknown> | undefined)?.cached_tokens ?? 0)
  return { input_tokens: input - cached, cache_read_input_tokens: cached, cache_creation_input_tokens: 0, output_tokens: Number(usage?.output_tokens ?? 0) }
}

/**
 * Canonical events → an Anthropic Messages stream: message_start, one content block per output item (text,
 * thinking with its signature, tool_use with its input as input_json_delta), message_delta with stop_reason and
 * usage, message_stop; a failure is an `error` event. The thinking signature is our reasoning envelope, so the
 * client returns it on the next turn and the upstream gets its own reasoning back.
 */
export const anthropicEgress: EgressFactory = (slug) => {
  const blocks = new Map<number, Block>()
  let nextIndex = 0
  let messageId = ''
  let hasToolUse = false

  function open(outputIndex: number, type: Block['type'], contentBlock: Record<string, unknown>): string {
    const block = { index: nextIndex++, type }
    blocks.set(outputIndex, block)
    return sse('content_block_start', { index: block.index, content_block: contentBlock })
  }

  function encode(event: ResponsesStreamEvent): string {
    const outputIndex = event.output_index as number
    const item = event.item as Record<string, unknown> | undefined
    const response = event.response as Record<string, unknown> | undefined
    switch (event.type) {
      case 'response.created':
        messageId = `msg_${String(response?.id ?? '').replace(/^resp_/, '')}`
        return sse('message_start', { message: { id: messageId, type: 'message', role: 'assistant', model: slug, content: [], stop_reason: null, stop_sequence: null, usage: anthropicUsage(null) } })
      case 'response.output_item.added':
        if (item?.type === 'message') return open(outputIndex, 'text', { type: 'text', text: '' })
        if (item?.type === 'reasoning') return open(outputIndex, 'thinking', { type: 'thinking', thinking: '', signature: '' })
        if (item?.type === 'function_call' || item?.type === 'custom_tool_call') {
          hasToolUse = true
          return open(outputIndex, 'tool_use', { type: 'tool_use', id: item.call_id, name: item.name, input: {} })
        }
        return ''
      case 'response.output_text.delta':
        return delta(outputIndex, { type: 'text_delta', text: event.delta })
      case 'response.reasoning_summary_text.delta':
        return delta(outputIndex, { type: 'thinking_delta', thinking: event.delta })
      case 'response.function_call_arguments.delta':
        return delta(outputIndex, { type: 'input_json_delta', partial_json: event.delta })
      case 'response.custom_tool_call_input.delta':
        return delta(outputIndex, { type: 'input_json_delta', partial_json: JSON.stringify({ input: event.delta }) })
      case 'response.output_item.done': {
        const block = blocks.get(outputIndex)
        if (!block) return ''
        const signature = block.type === 'thinking' ? delta(outputIndex, { type: 'signature_delta', signature: String(item?.encrypted_content ?? '') }) : ''
        return signature + sse('content_block_stop', { index: block.index })
      }
      case 'response.completed':
      case 'response.incomplete': {
        const reason = incompleteReasonOf(response)
        const stopReason = reason !== undefined ? (STOP_REASONS[reason] ?? 'max_tokens') : hasToolUse ? 'tool_use' : 'end_turn'
        return sse('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: anthropicUsage(response?.usage as Record<string, unknown> | null) }) + sse('message_stop', {})
      }
      case 'response.failed': {
        const error = response?.error as Record<string, unknown> | undefined
        return sse('error', { error: { type: ERROR_TYPES[String(error?.code)] ?? 'api_error', message: String(error?.message ?? 'upstream failure') } })
      }
      default:
        return ''
    }
  }

  function delta(outputIndex: number, payload: Record<string, unknown>): string {
    const block = blocks.get(outputIndex)
    return block ? sse('content_block_delta', { index: block.index, delta: payload }) : ''
  }

  return { contentType: 'text/event-stream; charset=utf-8', encode, finalBody: (response) => anthropicMessage(response, slug) }
}

/** A complete Anthropic Message from the final Response. */
function anthropicMessage(response: ResponseObject, slug: string) {
  const content: Record<string, unknown>[] = []
  for (const item of response.output) {
    if (item.type === 'message') {
      const text = ((item.content as { text?: string }[]) ?? []).map((part) => part.text ?? '').join('')
      if (text !== '') content.push({ type: 'text', text })
    } else if (item.type === 'reasoning') {
      content.push({ type: 'thinking', thinking: ((item.summary as { text: string }[]) ?? []).map((part) => part.text).join(''), signature: String(item.encrypted_content ?? '') })
    } else if (item.type === 'function_call') {
      content.push({ type: 'tool_use', id: item.call_id, name: item.name, input: parseObject(String(item.arguments ?? '')) })
    }
  }
  const reason = incompleteReasonOf(response)
  const hasToolUse = content.some((block) => block.type === 'tool_use')
  return {
    id: `msg_${String(response.id).replace(/^resp_/, '')}`,
    type: 'message',
    role: 'assistant',
    model: slug,
    content,
    stop_reason: reason !== undefined ? (STOP_REASONS[reason] ?? 'max_tokens') : hasToolUse ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(response.usage),
  }
}

function parseObject(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return { input: text }
  }
}
