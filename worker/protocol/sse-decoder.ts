/** One dispatched server-sent event. `event` is absent when the stream sent no `event:` field. */
export interface SseEvent {
  event?: string
  data: string
}

export interface SseDecoderCallbacks {
  onEvent: (event: SseEvent) => void
}

export interface SseDecoder {
  /** Feeds the next bytes exactly as they arrived; complete events are dispatched before it returns. */
  push: (bytes: Uint8Array) => void
  /** The stream ended: a final event without its blank line is still dispatched. */
  end: () => void
}

/** A line longer than this without a newline is not SSE; refuse rather than buffer without bound. */
const MAX_PENDING_CHARS = 16 * 1024 * 1024

/**
 * Incremental SSE parsing per the WHATWG "event stream interpretation" rules, shaped after
 * rexxars/eventsource-parser: all state in the closure, partial lines kept as an array of fragments and joined
 * once (appending to one string per chunk is quadratic on long lines), and a trailing CR held back until the
 * next chunk says whether it starts a CRLF pair.
 */
export function createSseDecoder(callbacks: SseDecoderCallbacks): SseDecoder {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false })
  let fragments: string[] = []
  let pendingChars = 0
  let isPendingCarriageReturn = false
  let eventName: string | undefined
  let dataLines: string[] = []
  let isFirstLine = true

  function dispatch(): void {
    // "If the data buffer is an empty string, set the data buffer and the event type buffer to the empty string and return."
    if (dataLines.length === 0) {
      eventName = undefined
      return
    }
    callbacks.onEvent({ event: eventName, data: dataLines.join('\n') })
    eventName = undefined
    dataLines = []
  }

  function processLine(line: string): void {
    if (isFirstLine) {
      isFirstLine = false
      // "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present."
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1)
    }
    // "If the line is empty (a blank line): dispatch the event."
    if (line === '') return dispatch()
    // "If the line starts with a U+003A COLON character: ignore the line." (comments, keepalives)
    if (line.charCodeAt(0) === 58) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    // "If value starts with a U+0020 SPACE character, remove it from value."
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.charCodeAt(0) === 32) value = value.slice(1)
    if (field === 'data') dataLines.push(value)
    else if (field === 'event') eventName = value
    // `id` and `retry` matter only to reconnecting browsers; unknown fields are ignored by the spec.
  }

  function feedText(text: string): void {
    let start = 0
    if (isPendingCarriageReturn && text.length > 0) {
      isPendingCarriageReturn = false
      if (text.charCodeAt(0) === 10) start = 1 // the LF of a CRLF split across chunks
    }
    for (let i = start; i < text.length; i++) {
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
    if (start < text.length) {
      fragments.push(text.slice(start))
      pendingChars += text.length - start
      if (pendingChars > MAX_PENDING_CHARS) throw new Error('SSE line exceeds 16 MiB without a line break')
    }
  }

  return {
    push(bytes) {
      feedText(decoder.decode(bytes, { stream: true }))
    },
    end() {
      feedText(decoder.decode())
      if (fragments.length > 0) {
        processLine(fragments.join(''))
        fragments = []
      }
      dispatch()
    },
  }
}
