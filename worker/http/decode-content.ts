import { Decompress } from 'fzstd'
import { GatewayError } from './gateway-error'
import { concatBytes, readCapped, tooLarge } from './read-capped'
import { zstdDecodedBound } from './zstd-decoded-bound'

/** Content-Encoding values we undo. Codex can compress request bodies with zstd; other clients use gzip. */
const STREAM_FORMATS = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate' } as const

export function isSupportedEncoding(encoding: string): boolean {
  return encoding === '' || encoding === 'identity' || encoding === 'zstd' || encoding in STREAM_FORMATS
}

/** Undoes one Content-Encoding, never producing more than `limit` bytes (a small bomb must not become 1 GB). */
export async function decodeContent(bytes: Uint8Array, encoding: string, limit: number): Promise<Uint8Array> {
  if (encoding === '' || encoding === 'identity') return bytes
  if (encoding === 'zstd') return decodeZstd(bytes, limit)
  const format = STREAM_FORMATS[encoding as keyof typeof STREAM_FORMATS]
  const decompressed = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format))
  try {
    return await readCapped(decompressed, limit, 'decompressed request body')
  } catch (error) {
    if (error instanceof GatewayError) throw error
    throw undecodable(encoding, error)
  }
}

/** Thrown from fzstd's output callback: the only way to make it stop decoding mid-frame. */
class OverLimit extends Error {}

/**
 * zstd without the work a bomb asks for: frame and block headers give an upper bound on the output before
 * anything is decoded, and a body whose bound passes the limit is refused at once (the bound is exact for raw and
 * RLE blocks, and at most one block's maximum per compressed block above the truth). While decoding, the output
 * callback stops fzstd the moment the real output passes the limit, should the headers lie.
 */
function decodeZstd(bytes: Uint8Array, limit: number): Uint8Array {
  const bound = zstdDecodedBound(bytes)
  if (bound.kind === 'malformed') throw undecodable('zstd', new Error(bound.reason))
  if (bound.bytes > limit || (bound.declaredContentBytes ?? 0) > limit)
    throw tooLarge('decompressed request body', limit)
  const chunks: Uint8Array[] = []
  let total = 0
  const decoder = new Decompress((chunk) => {
    total += chunk.byteLength
    if (total > limit) throw new OverLimit()
    chunks.push(chunk)
  })
  try {
    decoder.push(bytes, true)
  } catch (error) {
    if (error instanceof OverLimit) throw tooLarge('decompressed request body', limit)
    throw undecodable('zstd', error)
  }
  return concatBytes(chunks, total)
}

function undecodable(encoding: string, cause: unknown): GatewayError {
  const detail = cause instanceof Error ? `: ${cause.message}` : ''
  return new GatewayError(400, 'invalid_content_encoding', `The request body is not valid ${encoding} data${detail}.`, {
    cause,
  })
}
