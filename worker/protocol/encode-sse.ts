import type { ResponsesStreamEvent } from './responses-stream-events'

/** One Responses event on the wire: `event:` names it (for SDKs), `data:` repeats the type (for Codex). */
export function encodeResponsesEvent(event: ResponsesStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`
}

/** A comment line: no event for the client, but a write that tells us whether the client is still there. */
export const SSE_KEEPALIVE = ': keepalive\n\n'

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const
