import { Gunzip, Unzlib } from 'fflate'
import { Decompress } from 'fzstd'
import { GatewayError } from './gateway-error'
import { concatBytes, tooLarge } from './read-capped'
import { zstdDecodedBound } from './zstd-decoded-bound'

/** Content-Encoding values we undo. Codex can compress request bodies with zstd; other clients use gzip. */
const FLATE_DECODERS = { gzip: Gunzip, 'x-gzip': Gunzip, deflate: Unzlib } as const

export function isSupportedEncoding(encoding: string): boolean {
  return encoding === '' || encoding === 'identity' || encoding === 'zstd' || encoding in FLATE_DECODERS
}

/** Undoes one Content-Encoding, never producing more than `limit` bytes (a small bomb must not become 1 GB). */
export async function decodeContent(bytes: Uint8Array, encoding: string, limit: number): Promise<Uint8Array> {
  if (encoding === '' || encoding === 'identity') return bytes
  if (encoding === 'zstd') return decodeZstd(bytes, limit)
  const Decoder = FLATE_DECODERS[encoding as keyof typeof FLATE_DECODERS]
  return decodeFlate(bytes, encoding, Decoder, limit)
}

/** Thrown from fzstd's and fflate's output callbacks: the only way to make them stop decoding mid-stream. */
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

/** Deflate expands at most 1032:1 (RFC 1951's 258-byte match per ~2 bits), so one slice yields at most ~4 MiB. */
const FLATE_SLICE_BYTES = 4096

/**
 * gzip and zlib-wrapped deflate (what HTTP's `deflate` means, RFC 9110 §8.4.1.2), fed to fflate a slice at a time
 * and stopped by the output callback once the output passes the limit, so the work is bounded by the limit, not
 * by the bomb. workerd's DecompressionStream cannot be stopped so: it takes in every chunk written to it, whoever
 * reads, and a 1 MB gzip of 1 GiB was fed in whole, costing 1.5-2.5 s instead of ~0.3 s, before its first 64 MiB
 * were read. fflate checks neither the trailer's CRC or Adler-32 nor that it is there: transport corruption is
 * TCP's to catch, and what was inflated must still parse as JSON.
 */
function decodeFlate(bytes: Uint8Array, encoding: string, Decoder: typeof Gunzip | typeof Unzlib, limit: number) {
  const chunks: Uint8Array[] = []
  let total = 0
  const decoder = new Decoder((chunk) => {
    total += chunk.byteLength
    if (total > limit) throw new OverLimit()
    chunks.push(chunk)
  })
  try {
    let offset = 0
    do {
      const end = offset + FLATE_SLICE_BYTES
      decoder.push(bytes.subarray(offset, end), end >= bytes.length)
      offset = end
    } while (offset < bytes.length)
  } catch (error) {
    if (error instanceof OverLimit) throw tooLarge('decompressed request body', limit)
    throw undecodable(encoding, error)
  }
  return concatBytes(chunks, total)
}

function undecodable(encoding: string, cause: unknown): GatewayError {
  const detail = cause instanceof Error ? `: ${cause.message}` : ''
  return new GatewayError(400, 'invalid_content_encoding', `The request body is not valid ${encoding} data${detail}.`, {
    cause,
  })
}
