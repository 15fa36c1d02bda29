import { createResponsesStreamWriter } from '../../../worker/canonical/responses-stream-writer'
import { createSseDecoder } from '../../../worker/protocol/sse-decoder'
import type { ChatTranslationContext } from '../../../worker/upstreams/openai-chat/chat-context'
import { openAiChatAdapter } from '../../../worker/upstreams/openai-chat'
import type { StreamEvent } from '../../kit/responses-stream-validator'
import type { UpstreamAdapter } from '../../../worker/upstreams/upstream-adapter'

/** A recorded fixture as the bytes an upstream sends (fixtures README: `.jsonl` chat lines get `data:` and `[DONE]`). */
export function chatWireText(fixture: string, format: 'jsonl' | 'sse'): string {
  if (format === 'sse') return fixture
  const lines = fixture.split('\n').filter((line) => line.trim() !== '')
  return `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`
}

export function chatContext(overrides: Partial<ChatTranslationContext> = {}): ChatTranslationContext {
  return { slug: 'test-model', registry: new Map(), origin: 'abcd1234', secrets: [], ...overrides }
}

/** Feeds wire text to the chat translator in chunks of `chunkSize` bytes and returns every Responses event. */
export function translateChatWire(
  wire: string,
  chunkSize: number,
  context: ChatTranslationContext = chatContext(),
): StreamEvent[] {
  return translateWire(openAiChatAdapter, context, wire, chunkSize)
}

export function doneItems(events: StreamEvent[]): Record<string, unknown>[] {
  return events
    .filter((event) => event.type === 'response.output_item.done')
    .map((event) => event.item as Record<string, unknown>)
}

export function terminal(events: StreamEvent[]): StreamEvent | undefined {
  return events.at(-1)
}

export function terminalResponse(events: StreamEvent[]): Record<string, unknown> {
  return (events.at(-1)?.response ?? {}) as Record<string, unknown>
}

/** The same replay for any adapter (Anthropic fixtures: `.jsonl` lines get `event: <type>`). */
export function translateWire<Context>(
  adapter: UpstreamAdapter<Context>,
  context: Context,
  wire: string,
  chunkSize: number,
): StreamEvent[] {
  const events: StreamEvent[] = []
  const writer = createResponsesStreamWriter({
    model: 'test-model',
    emit: (event) => events.push(JSON.parse(JSON.stringify(event)) as StreamEvent),
    sealReasoning: (text) => adapter.sealReasoning(context, text),
  })
  writer.start()
  const translator = adapter.createTranslator(context, writer)
  const decoder = createSseDecoder({ onEvent: translator.onEvent })
  const bytes = new TextEncoder().encode(wire)
  const size = Number.isFinite(chunkSize) ? chunkSize : bytes.length
  for (let i = 0; i < bytes.length; i += size) decoder.push(bytes.subarray(i, i + size))
  decoder.end()
  translator.onEnd()
  return events
}

export function anthropicWireText(fixture: string): string {
  return fixture
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
    .join('')
}
