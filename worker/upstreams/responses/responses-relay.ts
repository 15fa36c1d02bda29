import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import type { EgressFactory } from '../../egress/egress'
import { isRecord } from '../../http/bad-request'
import { encodeResponsesEvent } from '../../protocol/encode-sse'
import type { SseEvent } from '../../protocol/sse-decoder'
import type { StreamTranslator } from '../upstream-adapter'
import { createResponseEnding } from './response-ending'
import type { ResponsesContext } from './responses-context'
import { isResponsesEvent, parseEventData } from './responses-events'

/** One event back on the wire: its data exactly as the upstream sent it (one `data:` line per line, as SSE has it). */
function wireEvent(type: string, data: string): string {
  return `event: ${type}\ndata: ${data.includes('\n') ? data.replaceAll('\n', '\ndata: ') : data}\n\n`
}

/**
 * Codex's own door to a Responses upstream: the upstream's events go on as they came, byte for byte in their
 * data (its ids, its `encrypted_content`), once the first one showed it is a Responses stream. Only what is not
 * the API is left out: OpenCode's cost `ping`, keepalive events, anything after the terminal event, and the
 * upstream's own `error` / `response.failed`, which become a failure worded and coded as every upstream's is.
 * A `response.*` event name is trusted, so only the first event and the terminal ones are parsed (ARCHITECTURE.md,
 * hot path). The writer is told how the response ended (usage for the log included); of its own events the
 * client gets only a failure (relayEgress).
 */
export function createResponsesRelay(context: ResponsesContext, writer: ResponsesStreamWriter): StreamTranslator {
  const ending = createResponseEnding(context, writer)
  const relayed: string[] = []

  function finish(type: 'response.completed' | 'response.incomplete', data: string, response: unknown): void {
    relayed.push(wireEvent(type, data))
    ending.finish(response, type === 'response.incomplete' ? 'incomplete' : 'completed')
  }

  function onEvent(event: SseEvent): void {
    if (writer.isFinished()) return
    const isNamed = isResponsesEvent(event.event) && event.event !== 'error'
    // Anything not named as a Responses event (a ping, a generic `message`, no name at all) is read for its type,
    // and so is the first event, which shows whether this is a Responses stream at all.
    const parsed = isNamed && ending.hasStarted() ? undefined : parseEventData(event.data)
    const type =
      isNamed && (ending.hasStarted() || parsed !== undefined)
        ? event.event
        : typeof parsed?.type === 'string'
          ? parsed.type
          : undefined
    if (!ending.admits(type)) return
    switch (type) {
      case 'response.completed':
      case 'response.incomplete':
        finish(type, event.data, (parsed ?? parseEventData(event.data))?.response)
        return
      case 'response.failed': {
        const response = (parsed ?? parseEventData(event.data))?.response
        ending.fail(isRecord(response) ? response.error : undefined)
        return
      }
      case 'error':
        if (parsed) ending.noteError(parsed)
        return
      default:
        relayed.push(wireEvent(type, event.data))
    }
  }

  /**
   * An upstream that answered a streaming request with one JSON Response: its items as the stream Codex accepts
   * (each added and done, then the terminal event with the Response itself: codex-client.md §4).
   */
  function onCompletion(body: unknown): void {
    const response = ending.responseOf(body)
    if (response === undefined) return
    response.output.forEach((item, index) => {
      for (const type of ['response.output_item.added', 'response.output_item.done'])
        relayed.push(wireEvent(type, JSON.stringify({ type, output_index: index, item })))
    })
    const type = response.status === 'incomplete' ? 'response.incomplete' : 'response.completed'
    finish(type, JSON.stringify({ type, response }), response)
  }

  function takeRelayed(): string {
    if (relayed.length === 0) return ''
    const text = relayed.join('')
    relayed.length = 0
    return text
  }

  return { onEvent, onEnd: ending.streamEnded, onCompletion, takeRelayed }
}

/**
 * The relay's client side: the upstream's events are already on their way (takeRelayed), so of the writer's
 * events only a failure the gateway itself reports (a timeout, a broken connection, a refusal) is written.
 */
export const relayEgress: EgressFactory = () => ({
  contentType: 'text/event-stream; charset=utf-8',
  encode: (event) => (event.type === 'response.failed' ? encodeResponsesEvent(event) : ''),
  finalBody: (response) => response,
})
