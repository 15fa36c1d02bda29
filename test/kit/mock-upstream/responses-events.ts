import { split } from './chat-events'
import type { ResponsesReply } from './replies'

const CREATED = 1_760_000_000

type Item = Record<string, unknown>

/** The output items of this reply, complete (as `output_item.done` and the final Response carry them). */
function itemsOf(reply: ResponsesReply): Item[] {
  const items: Item[] = []
  if (reply.reasoning) {
    items.push({
      id: reply.reasoning.id ?? 'rs_mock',
      type: 'reasoning',
      encrypted_content: reply.reasoning.encryptedContent,
      summary: [{ type: 'summary_text', text: reply.reasoning.summary }],
    })
  }
  if (reply.text !== undefined) {
    items.push({
      id: 'msg_mock',
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: reply.text }],
    })
  }
  for (const call of reply.toolCalls ?? []) {
    items.push({
      id: call.id ?? `fc_${call.callId}`,
      type: 'function_call',
      status: 'completed',
      call_id: call.callId,
      name: call.name,
      arguments: call.arguments,
    })
  }
  return items
}

function responseOf(reply: ResponsesReply, status: string, output: Item[]): Item {
  const response: Item = {
    id: 'resp_mock',
    object: 'response',
    created_at: CREATED,
    status,
    model: reply.model ?? 'mock-responses',
    output,
    usage: null,
  }
  if (status === 'in_progress') return response
  if (status === 'incomplete') response.incomplete_details = { reason: 'max_output_tokens' }
  const usage = reply.usage ?? { input_tokens: 10, output_tokens: 5 }
  response.usage = {
    input_tokens: usage.input_tokens,
    input_tokens_details: { cached_tokens: usage.cached_tokens ?? 0 },
    output_tokens: usage.output_tokens,
    output_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0 },
    total_tokens: usage.input_tokens + usage.output_tokens,
  }
  return response
}

/** The events a Responses server streams for this reply: created … each item's full lifecycle … the terminal event. */
export function responsesStreamEvents(reply: ResponsesReply): string[] {
  const size = reply.deltaSize ?? 8
  const events: string[] = []
  const event = (type: string, data: Item) =>
    events.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: events.length, ...data })}`)
  event('response.created', { response: responseOf(reply, 'in_progress', []) })
  event('response.in_progress', { response: responseOf(reply, 'in_progress', []) })
  const items = itemsOf(reply)
  items.forEach((item, index) => {
    const at = { item_id: item.id, output_index: index }
    if (item.type === 'reasoning') {
      event('response.output_item.added', { output_index: index, item: { ...item, summary: [] } })
      const text = reply.reasoning?.summary ?? ''
      event('response.reasoning_summary_part.added', {
        ...at,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      })
      for (const part of split(text, size))
        event('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta: part })
      event('response.reasoning_summary_text.done', { ...at, summary_index: 0, text })
      event('response.reasoning_summary_part.done', { ...at, summary_index: 0, part: { type: 'summary_text', text } })
    } else if (item.type === 'message') {
      event('response.output_item.added', {
        output_index: index,
        item: { ...item, status: 'in_progress', content: [] },
      })
      const text = reply.text ?? ''
      event('response.content_part.added', {
        ...at,
        content_index: 0,
        part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
      })
      for (const part of split(text, size))
        event('response.output_text.delta', { ...at, content_index: 0, delta: part, logprobs: [] })
      event('response.output_text.done', { ...at, content_index: 0, text, logprobs: [] })
      event('response.content_part.done', {
        ...at,
        content_index: 0,
        part: { type: 'output_text', annotations: [], logprobs: [], text },
      })
    } else {
      event('response.output_item.added', {
        output_index: index,
        item: { ...item, status: 'in_progress', arguments: '' },
      })
      for (const part of split(String(item.arguments), size))
        event('response.function_call_arguments.delta', { ...at, delta: part })
      event('response.function_call_arguments.done', { ...at, arguments: item.arguments })
    }
    event('response.output_item.done', { output_index: index, item })
  })
  const status = reply.status ?? 'completed'
  event(`response.${status}`, { response: responseOf(reply, status, items) })
  if (reply.costPing !== undefined)
    events.push(`event: ping\ndata: ${JSON.stringify({ type: 'ping', cost: reply.costPing })}`)
  return events
}

/** The Response a non-streaming request gets (OpenCode adds its top-level `cost` here too). */
export function responsesBody(reply: ResponsesReply): Item {
  const body = responseOf(reply, reply.status ?? 'completed', itemsOf(reply))
  return reply.costPing === undefined ? body : { ...body, cost: reply.costPing }
}
