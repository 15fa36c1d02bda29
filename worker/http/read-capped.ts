import { GatewayError } from './gateway-error'

/** Reads a byte stream into one buffer, refusing with 413 as soon as it grows past `limit`. */
export async function readCapped(stream: ReadableStream<Uint8Array>, limit: number, what: string): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel()
      throw tooLarge(what, limit)
    }
    chunks.push(value)
  }
  return concatBytes(chunks, total)
}

export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0]
  const result = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    result.set(chunk, offset)
    offset += chunk.byteLength
  }
  return result
}

export function tooLarge(what: string, limit: number): GatewayError {
  const mebibytes = Math.round(limit / (1024 * 1024))
  return new GatewayError(
    413,
    'request_too_large',
    `The ${what} is larger than the ${mebibytes} MiB this gateway accepts.`,
  )
}
