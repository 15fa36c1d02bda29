import { encodeResponsesEvent } from '../protocol/encode-sse'
import type { EgressFactory } from './egress'

/** Codex's own format: events as they are. */
export const responsesEgress: EgressFactory = () => ({
  contentType: 'text/event-stream; charset=utf-8',
  encode: encodeResponsesEvent,
  finalBody: (response) => response,
})
