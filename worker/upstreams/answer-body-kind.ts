/** What a 2xx upstream answer carries, by its Content-Type. */
export type AnswerBodyKind = 'event_stream' | 'json' | 'html'

/**
 * Lenient on purpose: servers label streams loosely (`text/plain`, nothing at all), so anything that is not clearly
 * JSON or an HTML page is decoded as SSE. JSON to a streaming request is an upstream that ignored `stream: true`;
 * HTML is a web page (a base_url that points at a site or a web UI), which no retry turns into an answer.
 */
export function answerBodyKind(headers: Headers): AnswerBodyKind {
  const mediaType = (headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? ''
  if (mediaType === 'text/event-stream') return 'event_stream'
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json'
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') return 'html'
  return 'event_stream'
}

export const HTML_ANSWER =
  'the upstream answered with an HTML page (200), not an API response: check base_url in models.json'
