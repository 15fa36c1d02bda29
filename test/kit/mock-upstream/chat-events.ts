import type { ChatReply } from './replies'

const CREATED = 1_760_000_000

/** A text in pieces of `size` characters, as a server streams it. */
export function split(text: string, size: number): string[] {
  const parts: string[] = []
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size))
  return parts
}

/** The chat-completion chunks an OpenAI-compatible server streams for this reply, ending in `[DONE]`. */
export function chatStreamEvents(reply: ChatReply): string[] {
  const id = 'chatcmpl-mock'
  const model = reply.model ?? 'mock-model'
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: CREATED, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}`
  const size = reply.deltaSize ?? 8
  const events = [chunk({ role: 'assistant', content: '' })]
  for (const part of split(reply.reasoning ?? '', size)) events.push(chunk({ reasoning_content: part }))
  for (const part of split(reply.text ?? '', size)) events.push(chunk({ content: part }))
  reply.toolCalls?.forEach((call, index) => {
    events.push(
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
    )
    for (const part of split(call.arguments, size))
      events.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }))
  })
  events.push(chunk({}, finishReasonOf(reply)))
  if (reply.usage) {
    events.push(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: CREATED, model, choices: [], usage: withTotal(reply.usage) })}`,
    )
  }
  events.push('data: [DONE]')
  return events
}

export function chatCompletionBody(reply: ChatReply): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: reply.text ?? null }
  if (reply.reasoning !== undefined) message.reasoning_content = reply.reasoning
  if (reply.toolCalls?.length) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }))
  }
  return {
    id: 'chatcmpl-mock',
    object: 'chat.completion',
    created: CREATED,
    model: reply.model ?? 'mock-model',
    choices: [{ index: 0, message, finish_reason: finishReasonOf(reply) }],
    ...(reply.usage ? { usage: withTotal(reply.usage) } : {}),
  }
}

function finishReasonOf(reply: ChatReply): string {
  return reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop')
}

function withTotal(usage: NonNullable<ChatReply['usage']>) {
  return { ...usage, total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens }
}
