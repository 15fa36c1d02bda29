import { createResponsesStreamWriter } from '../../../worker/canonical/responses-stream-writer'
import { createSseDecoder } from '../../../worker/protocol/sse-decoder'
import type { UpstreamAdapter } from '../../../worker/upstreams/upstream-adapter'
import type { StreamEvent } from '../../kit/responses-stream-validator'

/** One `data:` event as an upstream writes it; `event` adds the `event:` line Anthropic sends. */
export interface WireEvent {
  event?: string
  data: string
}

export function sseText(events: readonly WireEvent[]): string {
  return events
    .map((item) => `${item.event === undefined ? '' : `event: ${item.event}\n`}data: ${item.data}\n\n`)
    .join('')
}

/**
 * Feeds wire text to an adapter's translator cut at the given byte offsets (taken modulo the length, so any
 * numbers do; inside UTF-8 characters and between CR and LF too) and returns every Responses event the writer
 * emitted, as the client would read them. The same pipeline as `translateWire` in replay.ts, with arbitrary
 * chunk boundaries instead of a fixed chunk size.
 */
export function translateWireAtCuts<Context>(
  adapter: UpstreamAdapter<Context>,
  context: Context,
  wire: string,
  cuts: readonly number[],
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
  let from = 0
  for (const cut of [...new Set(cuts.map((at) => at % (bytes.length + 1)))].sort((a, b) => a - b)) {
    decoder.push(bytes.subarray(from, cut))
    from = cut
  }
  decoder.push(bytes.subarray(from))
  decoder.end()
  translator.onEnd()
  return events
}
