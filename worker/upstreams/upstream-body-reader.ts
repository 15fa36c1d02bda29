import { createEventBoundaryTracker } from '../protocol/sse-event-boundary'

/**
 * workerd's HTTP client reads each chunk's size line with a 32-byte read and hands the rest of those 32 bytes
 * over as a read of their own, so a plain `reader.read()` takes two crossings into JavaScript for every upstream
 * event (a 28-byte piece, then the rest), and the crossing is most of a paced stream's cost. Between events, asking
 * for at least this many bytes joins the two. Every event an upstream sends with content is longer; what can wait
 * for the next bytes or the end of the body is only a comment, an empty event or chat's closing `data: [DONE]`,
 * which servers send with the end of the body.
 */
const EVENT_START_MIN_BYTES = 29
/** Larger than a burst's chunk; workerd fills at most what one chunk holds. */
const READ_BUFFER_BYTES = 16 * 1024

export interface UpstreamBodyReader {
  /**
   * The next bytes, or undefined once the body has ended. The view is valid until the next read, which reuses its
   * buffer: copy what must outlive it. Rejects when the upstream connection breaks.
   */
  read: () => Promise<Uint8Array | undefined>
  /** Whether the bytes read so far end between two SSE events. */
  isAtEventBoundary: () => boolean
  cancel: () => Promise<void>
}

/**
 * Reads an upstream body in as few crossings as the bytes allow, without ever holding back part of an event:
 * inside an event every byte is handed over as it comes. Bodies that are not byte streams (tests' stubs) are read
 * plainly.
 */
export function createUpstreamBodyReader(body: ReadableStream<Uint8Array>): UpstreamBodyReader {
  const boundary = createEventBoundaryTracker()
  const byob = byobReaderOf(body)
  const plain = byob === undefined ? body.getReader() : undefined
  let buffer: Uint8Array = new Uint8Array(READ_BUFFER_BYTES)

  async function read(): Promise<Uint8Array | undefined> {
    let result: ReadableStreamReadResult<Uint8Array>
    if (byob !== undefined) {
      const minBytes = boundary.isAtBoundary() ? EVENT_START_MIN_BYTES : 1
      result = await byob.readAtLeast(minBytes, buffer)
      if (result.value !== undefined) buffer = new Uint8Array(result.value.buffer)
    } else result = await (plain as ReadableStreamDefaultReader<Uint8Array>).read()
    if (result.done || result.value === undefined) return undefined
    boundary.observe(result.value)
    return result.value
  }

  return {
    read,
    isAtEventBoundary: () => boundary.isAtBoundary(),
    cancel: () => (byob ?? (plain as ReadableStreamDefaultReader<Uint8Array>)).cancel(),
  }
}

function byobReaderOf(body: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | undefined {
  try {
    return body.getReader({ mode: 'byob' })
  } catch {
    return undefined // not a byte stream: only a stream built in JavaScript, never a fetch body
  }
}
