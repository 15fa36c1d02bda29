/** One dispatched server-sent event. `event` is absent when the stream sent no `event:` field. */
export interface SseEvent {
  event?: string
  data: string
}

/** The stream broke the size bound; decoding stops there (ARCHITECTURE.md: work is bounded before it starts). */
export interface SseOverflow {
  kind: 'event_too_large'
  /** The bound, in characters of one event's data lines (for the JSON that upstreams send, that is bytes). */
  limit: number
}

export interface SseDecoderCallbacks {
  onEvent: (event: SseEvent) => void
  /** Called once when one event grows past the limit; nothing is decoded after it. Without it, the decoder throws. */
  onOverflow?: (overflow: SseOverflow) => void
}

export interface SseDecoderOptions {
  /** Longest data one event may hold, counting its pending line too (default 16 MiB). Tests lower it. */
  maxEventChars?: number
}

export interface SseDecoder {
  /** Feeds the next bytes exactly as they arrived; complete events are dispatched before it returns. */
  push: (bytes: Uint8Array) => void
  /** The stream ended: a final event without its blank line is still dispatched. */
  end: () => void
}

/**
 * One event may hold at most this much: no upstream answer needs more (a model's whole output is a few hundred
 * kilobytes), and a stream that never sends a blank line must not grow without bound.
 */
export const MAX_SSE_EVENT_CHARS = 16 * 1024 * 1024

/**
 * Incremental SSE parsing per the WHATWG "event stream interpretation" rules, shaped after
 * rexxars/eventsource-parser: all state in the closure, partial lines kept as an array of fragments and joined
 * once (appending to one string per chunk is quadratic on long lines), and a trailing CR held back until the
 * next chunk says whether it starts a CRLF pair. One bound covers both a line without a break and an event
 * without a blank line: the event's data so far plus its pending line.
 */
export function createSseDecoder(callbacks: SseDecoderCallbacks, options: SseDecoderOptions = {}): SseDecoder {
  const maxEventChars = options.maxEventChars ?? MAX_SSE_EVENT_CHARS
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false })
  let fragments: string[] = []
  let pendingChars = 0
  let isPendingCarriageReturn = false
  let eventName: string | undefined
  let dataLines: string[] = []
  let dataChars = 0
  let isFirstLine = true
  let isStopped = false

  function overflow(): void {
    isStopped = true
    fragments = []
    dataLines = []
    const problem: SseOverflow = { kind: 'event_too_large', limit: maxEventChars }
    if (!callbacks.onOverflow) throw new Error(`SSE event exceeds ${maxEventChars} characters`)
    callbacks.onOverflow(problem)
  }

  function dispatch(): void {
    // "If the data buffer is an empty string, set the data buffer and the event type buffer to the empty string and return."
    if (dataLines.length === 0) {
      eventName = undefined
      return
    }
    const data = dataLines.join('\n')
    const event = { event: eventName, data }
    eventName = undefined
    dataLines = []
    dataChars = 0
    callbacks.onEvent(event)
  }

  function processLine(line: string): void {
    if (isFirstLine) {
      isFirstLine = false
      // "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present."
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1)
    }
    // "If the line is empty (a blank line): dispatch the event."
    if (line === '') {
      dispatch()
      return
    }
    // "If the line starts with a U+003A COLON character: ignore the line." (comments, keepalives)
    if (line.charCodeAt(0) === 58) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    // "If value starts with a U+0020 SPACE character, remove it from value."
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.charCodeAt(0) === 32) value = value.slice(1)
    if (field === 'data') {
      dataLines.push(value)
      dataChars += value.length + 1
      if (dataChars > maxEventChars) overflow()
    } else if (field === 'event') eventName = value
    // `id` and `retry` matter only to reconnecting browsers; unknown fields are ignored by the spec.
  }

  function feedText(text: string): void {
    let start = 0
    if (isPendingCarriageReturn && text.length > 0) {
      isPendingCarriageReturn = false
      if (text.charCodeAt(0) === 10) start = 1 // the LF of a CRLF split across chunks
    }
    for (let i = start; i < text.length && !isStopped; i++) {
      const code = text.charCodeAt(i)
      if (code !== 10 && code !== 13) continue
      fragments.push(text.slice(start, i))
      processLine(fragments.length === 1 ? (fragments[0] ?? '') : fragments.join(''))
      fragments = []
      pendingChars = 0
      if (code === 13) {
        if (i + 1 === text.length) isPendingCarriageReturn = true
        else if (text.charCodeAt(i + 1) === 10) i++
      }
      start = i + 1
    }
    if (!isStopped && start < text.length) {
      fragments.push(text.slice(start))
      pendingChars += text.length - start
      if (dataChars + pendingChars > maxEventChars) overflow()
    }
  }

  return {
    push(bytes) {
      if (isStopped) return
      feedText(decoder.decode(bytes, { stream: true }))
    },
    end() {
      if (isStopped) return
      feedText(decoder.decode())
      if (!isStopped && fragments.length > 0) {
        processLine(fragments.join(''))
        fragments = []
      }
      if (!isStopped) dispatch()
    },
  }
}
