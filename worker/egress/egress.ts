import type { MessageItem, ReasoningItem } from '../protocol/responses-items'
import type { ResponseObject, ResponsesStreamEvent } from '../protocol/responses-stream-events'

export type { ResponseObject } from '../protocol/responses-stream-events'

/**
 * The client's side of the hub (ARCHITECTURE.md): canonical Responses events out in the format the client
 * spoke. One per request; it may keep state (block indexes, tool-call counts) across events.
 */
export interface Egress {
  contentType: string
  /** The wire text for one canonical event ('' when the client's format has nothing for it). */
  encode: (event: ResponsesStreamEvent) => string
  /** The complete body for a client that did not ask for a stream. */
  finalBody: (response: ResponseObject) => unknown
}

export type EgressFactory = (slug: string) => Egress

/**
 * The reason an incomplete response gives, without the advice the stream writer may add after a colon
 * (`max_output_tokens: … raise max_output_tokens …`): what other formats map to their own stop reasons.
 */
export function incompleteReasonOf(response: ResponseObject): string | undefined {
  return response.incomplete_details?.reason.split(':', 1)[0]
}

/** A message's text; a refusal part has none (other formats see the refusal as the stop reason). */
export function messageText(item: MessageItem): string {
  return item.content.map((part) => (part.type === 'output_text' ? part.text : '')).join('')
}

export function summaryText(item: ReasoningItem): string {
  return item.summary.map((part) => part.text).join('')
}
