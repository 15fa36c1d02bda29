import { assertNever } from '../canonical/assert-never'
import type { OutputItem } from '../protocol/responses-items'
import type { ResponseObject, ResponsesStreamEvent } from '../protocol/responses-stream-events'
import type { ResponsesUsage } from '../protocol/responses-usage'
import { incompleteReasonOf, messageText, summaryText, type EgressFactory } from './egress'
import { translatableEvent, type TranslatableEvent } from './translatable-events'

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
function anthropicUsage(usage: ResponsesUsage | null) {
  const input = usage?.input_tokens ?? 0
  const cached = usage?.input_tokens_details.cached_tokens ?? 0
  return {
    input_tokens: input - cached,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
    output_tokens: usage?.output_tokens ?? 0,
  }
}

function stopReasonOf(response: ResponseObject, hasToolUse: boolean): string {
  const reason = incompleteReasonOf(response)
  return reason !== undefined ? (STOP_REASONS[reason] ?? 'max_tokens') : hasToolUse ? 'tool_use' : 'end_turn'
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

  /** The content block an item opens; items Anthropic has no block for (shell and patch calls) open none. */
  function openItem(outputIndex: number, item: OutputItem): string {
    switch (item.type) {
      case 'message':
        return open(outputIndex, 'text', { type: 'text', text: '' })
      case 'reasoning':
        return open(outputIndex, 'thinking', { type: 'thinking', thinking: '', signature: '' })
      case 'function_call':
      case 'custom_tool_call':
        hasToolUse = true
        return open(outputIndex, 'tool_use', { type: 'tool_use', id: item.call_id, name: item.name, input: {} })
      case 'local_shell_call':
      case 'apply_patch_call':
      case 'compaction':
        return ''
      default:
        return assertNever(item)
    }
  }

  function closeItem(outputIndex: number, item: OutputItem): string {
    const block = blocks.get(outputIndex)
    if (!block) return ''
    const signature =
      block.type === 'thinking' && item.type === 'reasoning'
        ? delta(outputIndex, { type: 'signature_delta', signature: item.encrypted_content ?? '' })
        : ''
    return signature + sse('content_block_stop', { index: block.index })
  }

  function delta(outputIndex: number, payload: Record<string, unknown>): string {
    const block = blocks.get(outputIndex)
    return block ? sse('content_block_delta', { index: block.index, delta: payload }) : ''
  }

  function encodeTranslatable(event: TranslatableEvent): string {
    switch (event.type) {
      case 'response.created':
        messageId = `msg_${event.response.id.replace(/^resp_/, '')}`
        return sse('message_start', {
          message: {
            id: messageId,
            type: 'message',
            role: 'assistant',
            model: slug,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: anthropicUsage(null),
          },
        })
      case 'response.output_item.added':
        return openItem(event.output_index, event.item)
      case 'response.output_text.delta':
        return delta(event.output_index, { type: 'text_delta', text: event.delta })
      case 'response.reasoning_summary_text.delta':
        return delta(event.output_index, { type: 'thinking_delta', thinking: event.delta })
      case 'response.function_call_arguments.delta':
        return delta(event.output_index, { type: 'input_json_delta', partial_json: event.delta })
      case 'response.custom_tool_call_input.delta':
        return delta(event.output_index, {
          type: 'input_json_delta',
          partial_json: JSON.stringify({ input: event.delta }),
        })
      case 'response.output_item.done':
        return closeItem(event.output_index, event.item)
      case 'response.completed':
      case 'response.incomplete': {
        const stopReason = stopReasonOf(event.response, hasToolUse)
        return (
          sse('message_delta', {
            delta: { stop_reason: stopReason, stop_sequence: null },
            usage: anthropicUsage(event.response.usage),
          }) + sse('message_stop', {})
        )
      }
      case 'response.failed': {
        const { error } = event.response
        return sse('error', {
          error: {
            type: ERROR_TYPES[String(error?.code)] ?? 'api_error',
            message: error?.message ?? 'upstream failure',
          },
        })
      }
      default:
        return assertNever(event)
    }
  }

  function encode(event: ResponsesStreamEvent): string {
    const translatable = translatableEvent(event)
    return translatable === undefined ? '' : encodeTranslatable(translatable)
  }

  return {
    contentType: 'text/event-stream; charset=utf-8',
    encode,
    finalBody: (response) => anthropicMessage(response, slug),
  }
}

/** A complete Anthropic Message from the final Response. */
function anthropicMessage(response: ResponseObject, slug: string) {
  const content: Record<string, unknown>[] = []
  for (const item of response.output) {
    if (item.type === 'message') {
      const text = messageText(item)
      if (text !== '') content.push({ type: 'text', text })
    } else if (item.type === 'reasoning') {
      content.push({ type: 'thinking', thinking: summaryText(item), signature: item.encrypted_content ?? '' })
    } else if (item.type === 'function_call') {
      content.push({ type: 'tool_use', id: item.call_id, name: item.name, input: parseObject(item.arguments) })
    }
  }
  return {
    id: `msg_${response.id.replace(/^resp_/, '')}`,
    type: 'message',
    role: 'assistant',
    model: slug,
    content,
    stop_reason: stopReasonOf(
      response,
      content.some((block) => block.type === 'tool_use'),
    ),
    stop_sequence: null,
    usage: anthropicUsage(response.usage),
  }
}

function parseObject(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // Arguments that are not JSON are still the call's: kept as its one field.
    return { input: text }
  }
}
