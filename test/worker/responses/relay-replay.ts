import { createResponsesStreamWriter } from '../../../worker/canonical/responses-stream-writer'
import { createSseDecoder, type SseEvent } from '../../../worker/protocol/sse-decoder'
import { createResponsesRelay, relayEgress } from '../../../worker/upstreams/responses/responses-relay'
import { anthropicWireText } from '../helpers/replay'

export interface RelayReplay {
  /** What the client got, in order. */
  text: string
  events: SseEvent[]
  /** The writer's final Response: how the relay told the response ended (usage, error). */
  final: Record<string, unknown>
}

/** The upstream's wire through the relay the way the pump drives it: chunk by chunk, relayed text before the writer's. */
export function relayWire(wire: string, chunkSize: number, slug = 'luna'): RelayReplay {
  let text = ''
  const pending: string[] = []
  const egress = relayEgress(slug)
  const writer = createResponsesStreamWriter({ model: slug, emit: (event) => pending.push(egress.encode(event)) })
  writer.start()
  const relay = createResponsesRelay({ slug, secrets: ['oc-upstream-key-123'] }, writer)
  const flush = () => {
    text += (relay.takeRelayed?.() ?? '') + pending.join('')
    pending.length = 0
  }
  const decoder = createSseDecoder({ onEvent: relay.onEvent })
  const bytes = new TextEncoder().encode(wire)
  const size = Number.isFinite(chunkSize) ? chunkSize : bytes.length
  for (let i = 0; i < bytes.length; i += size) {
    decoder.push(bytes.subarray(i, i + size))
    flush()
  }
  decoder.end()
  relay.onEnd()
  flush()
  return { text, events: decodeAll(text), final: writer.finalResponse() as Record<string, unknown> }
}

export function decodeAll(text: string): SseEvent[] {
  const events: SseEvent[] = []
  const decoder = createSseDecoder({ onEvent: (event) => events.push(event) })
  decoder.push(new TextEncoder().encode(text))
  decoder.end()
  return events
}

/** Responses fixture lines (`.jsonl`) as the wire: `event: <type>` and `data: <line>`, framed as Anthropic's are (fixtures README). */
export const responsesWire = anthropicWireText
