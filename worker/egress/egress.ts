import type { ResponsesStreamEvent } from '../protocol/responses-items'

/** The final Response object the stream writer builds (what non-streaming clients get, in their format). */
export type ResponseObject = Record<string, unknown> & { status: string; output: Record<string, unknown>[]; usage: Record<string, unknown> | null }

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
export function incompleteReasonOf(response: Record<string, unknown> | undefined): string | undefined {
  const details = response?.incomplete_details
  if (typeof details !== 'object' || details === null) return undefined
  const reason = (details as Record<string, unknown>).reason
  return typeof reason === 'string' ? reason.split(':', 1)[0] : undefined
}
