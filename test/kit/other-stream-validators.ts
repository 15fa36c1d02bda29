import type { ParsedTree } from './parsed-tree'

/**
 * Grammar checks for the other two formats the gateway writes (wire-formats.md §2.2, §3.4). Each returns the
 * violations, empty when the stream is valid.
 */
export interface SseEventText {
  event?: string
  data: string
}

export function parseSse(text: string): SseEventText[] {
  return text
    .split(/\n\n/)
    .map((block) => {
      const lines = block.split('\n')
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7)
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n')
      return { event, data }
    })
    .filter((entry) => entry.data !== '')
}

/** message_start first; blocks opened in index order, deltas of the right kind only while open; message_delta then message_stop last (or one error). */
export function validateAnthropicStream(events: SseEventText[]): string[] {
  const problems: string[] = []
  const open = new Map<number, string>()
  let nextIndex = 0
  const parsed = events.map((entry) => JSON.parse(entry.data) as ParsedTree)
  parsed.forEach((event, position) => {
    if (events[position]?.event !== event.type)
      problems.push(
        `event ${position}: event name ${String(events[position]?.event)} differs from type ${String(event.type)}`,
      )
  })
  if (parsed[0]?.type !== 'message_start') problems.push('first event is not message_start')
  const last = parsed.at(-1)?.type
  if (last !== 'message_stop' && last !== 'error') problems.push(`last event is ${String(last)}`)
  if (last === 'message_stop' && parsed.at(-2)?.type !== 'message_delta')
    problems.push('message_stop not preceded by message_delta')
  for (const event of parsed) {
    if (event.type === 'content_block_start') {
      if (event.index !== nextIndex) problems.push(`block ${event.index} opened, expected ${nextIndex}`)
      nextIndex++
      open.set(event.index, event.content_block?.type)
    } else if (event.type === 'content_block_delta') {
      const type = open.get(event.index)
      const expected: Record<string, string[]> = {
        text: ['text_delta'],
        thinking: ['thinking_delta', 'signature_delta'],
        tool_use: ['input_json_delta'],
      }
      if (!type) problems.push(`delta for block ${event.index} which is not open`)
      else if (!expected[type]?.includes(event.delta?.type)) problems.push(`${event.delta?.type} in a ${type} block`)
    } else if (event.type === 'content_block_stop') {
      if (!open.delete(event.index)) problems.push(`stop for block ${event.index} which is not open`)
    } else if (event.type === 'message_delta') {
      if (typeof event.delta?.stop_reason !== 'string') problems.push('message_delta without stop_reason')
      if (typeof event.usage?.output_tokens !== 'number') problems.push('message_delta without usage.output_tokens')
    }
  }
  if (last === 'message_stop' && open.size > 0) problems.push(`blocks ${[...open.keys()].join(', ')} never stopped`)
  return problems
}

/** Every chunk a chat.completion.chunk; tool-call indexes from 0; one finish_reason; `[DONE]` last (unless an error chunk ends it). */
export function validateChatStream(events: SseEventText[]): string[] {
  const problems: string[] = []
  const isDone = events.at(-1)?.data === '[DONE]'
  const chunks = events.filter((entry) => entry.data !== '[DONE]').map((entry) => JSON.parse(entry.data) as ParsedTree)
  const isError = chunks.at(-1)?.error !== undefined
  if (!isDone && !isError) problems.push('stream ends without [DONE] or an error')
  let finishes = 0
  let nextTool = 0
  for (const chunk of isError ? chunks.slice(0, -1) : chunks) {
    if (chunk.object !== 'chat.completion.chunk') problems.push(`chunk object ${String(chunk.object)}`)
    for (const choice of chunk.choices ?? []) {
      if (choice.finish_reason) finishes++
      for (const call of choice.delta?.tool_calls ?? []) {
        if (call.index === nextTool) nextTool++
        else if (call.index > nextTool) problems.push(`tool call index ${call.index} skips ${nextTool}`)
      }
    }
  }
  if (!isError && finishes !== 1) problems.push(`${finishes} finish reasons`)
  return problems
}
