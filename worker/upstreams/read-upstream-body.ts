import { concatBytes } from '../http/read-capped'

/** Error bodies are read this far and no further: a message needs a few hundred bytes, never megabytes. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024
/** A complete JSON answer (a non-streaming request, or an upstream that ignored `stream: true`). */
export const MAX_JSON_BODY_BYTES = 16 * 1024 * 1024

export interface CappedRead {
  bytes: Uint8Array
  /** The body went on past the limit; the rest was cancelled unread. */
  isTruncated: boolean
  /** Reading broke off (a reset, our own abort); `bytes` holds what arrived before. */
  error?: unknown
}

/** Reads a body up to `limit` bytes, then cancels it: an upstream decides how much it sends, not how much we hold. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, limit: number): Promise<CappedRead> {
  if (body === null) return { bytes: new Uint8Array(0), isTruncated: false }
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { bytes: concatBytes(chunks, total), isTruncated: false }
      const room = limit - total
      if (value.byteLength > room) {
        chunks.push(value.subarray(0, room))
        total += room
        await reader.cancel().catch(() => undefined) // the connection may already be gone; the read is over anyway
        return { bytes: concatBytes(chunks, total), isTruncated: true }
      }
      chunks.push(value)
      total += value.byteLength
    }
  } catch (error) {
    return { bytes: concatBytes(chunks, total), isTruncated: false, error }
  }
}

/** An error body as text, capped at 64 KB; a body that breaks off midway still gives what it said. */
export async function readErrorText(response: Response): Promise<{ text: string; isTruncated: boolean }> {
  const read = await readCapped(response.body, MAX_ERROR_BODY_BYTES)
  return { text: new TextDecoder().decode(read.bytes), isTruncated: read.isTruncated }
}
