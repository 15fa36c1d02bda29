import { split } from './chat-events'
import type { AnthropicReply } from './replies'

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}`
}

function usageOf(reply: AnthropicReply) {
  return {
    input_tokens: 10,
    output_tokens: 5,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
    ...reply.usage,
  }
}

function stopReasonOf(reply: AnthropicReply): string {
  return reply.stopReason ?? (reply.toolUses?.length ? 'tool_use' : 'end_turn')
}

/** The Messages SSE events Anthropic streams for this reply (message_start … message_stop, with a ping). */
export function anthropicStreamEvents(reply: AnthropicReply): string[] {
  const size = reply.deltaSize ?? 8
  const usage = usageOf(reply)
  const events = [
    event('message_start', {
      message: {
        id: 'msg_mock',
        type: 'message',
        role: 'assistant',
        model: reply.model ?? 'mock-claude',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
    event('ping', {}),
  ]
  let index = 0
  if (reply.thinking) {
    events.push(
      event('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    )
    for (const part of split(reply.thinking.text, size))
      events.push(event('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: part } }))
    events.push(
      event('content_block_delta', { index, delta: { type: 'signature_delta', signature: reply.thinking.signature } }),
    )
    events.push(event('content_block_stop', { index }))
    index++
  }
  if (reply.text !== undefined) {
    events.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }))
    for (const part of split(reply.text, size))
      events.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: part } }))
    events.push(event('content_block_stop', { index }))
    index++
  }
  for (const use of reply.toolUses ?? []) {
    events.push(
      event('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: use.id, name: use.name, input: {} },
      }),
    )
    for (const part of split(JSON.stringify(use.input), size))
      events.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } }))
    events.push(event('content_block_stop', { index }))
    index++
  }
  events.push(
    event('message_delta', {
      delta: { stop_reason: stopReasonOf(reply), stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    }),
  )
  events.push(event('message_stop', {}))
  return events
}

export function anthropicMessageBody(reply: AnthropicReply): Record<string, unknown> {
  const content: Record<string, unknown>[] = []
  if (reply.thinking)
    content.push({ type: 'thinking', thinking: reply.thinking.text, signature: reply.thinking.signature })
  if (reply.text !== undefined) content.push({ type: 'text', text: reply.text })
  for (const use of reply.toolUses ?? [])
    content.push({ type: 'tool_use', id: use.id, name: use.name, input: use.input })
  return {
    id: 'msg_mock',
    type: 'message',
    role: 'assistant',
    model: reply.model ?? 'mock-claude',
    content,
    stop_reason: stopReasonOf(reply),
    stop_sequence: null,
    usage: usageOf(reply),
  }
}
