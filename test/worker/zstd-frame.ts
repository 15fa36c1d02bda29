/**
 * Builds zstd frames by hand (RFC 8878 §3.1.1) from raw and RLE blocks, so tests can make valid zstd input,
 * including a tiny frame that expands to many megabytes, without a compressor.
 */
export type ZstdBlock =
  | { kind: 'raw'; bytes: Uint8Array }
  | { kind: 'rle'; byte: number; count: number }
  /** A compressed block's payload, taken as given (tests use garbage to show what is never decoded). */
  | { kind: 'compressed'; payload: Uint8Array }

const BLOCK_TYPES = { raw: 0, rle: 1, compressed: 2 } as const

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd]
const MAX_BLOCK = 128 * 1024

export function zstdFrame(blocks: ZstdBlock[]): Uint8Array {
  const out: number[] = [...MAGIC]
  // Frame header descriptor: single segment off, no checksum, no dictionary, no content size; then window descriptor.
  out.push(0x00, 0x58) // window 2^(10+11) = 2 MiB
  const split = blocks.flatMap(splitBlock)
  split.forEach((block, index) => {
    const isLast = index === split.length - 1 ? 1 : 0
    const size = block.kind === 'raw' ? block.bytes.length : block.kind === 'rle' ? block.count : block.payload.length
    const header = isLast | (BLOCK_TYPES[block.kind] << 1) | (size << 3)
    out.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff)
    if (block.kind === 'raw') out.push(...block.bytes)
    else if (block.kind === 'rle') out.push(block.byte)
    else out.push(...block.payload)
  })
  return new Uint8Array(out)
}

function splitBlock(block: ZstdBlock): ZstdBlock[] {
  const parts: ZstdBlock[] = []
  if (block.kind === 'compressed') return [block]
  if (block.kind === 'raw') {
    for (let i = 0; i < block.bytes.length; i += MAX_BLOCK)
      parts.push({ kind: 'raw', bytes: block.bytes.subarray(i, i + MAX_BLOCK) })
  } else {
    for (let left = block.count; left > 0; left -= MAX_BLOCK)
      parts.push({ kind: 'rle', byte: block.byte, count: Math.min(left, MAX_BLOCK) })
  }
  return parts
}
