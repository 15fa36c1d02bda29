/**
 * An upper bound on the bytes zstd data decodes to, read from frame and block headers alone (RFC 8878 §3.1),
 * without decoding anything: a few bytes per 128 KiB block. Raw and RLE blocks state their size; a compressed
 * block decodes to at most Block_Maximum_Size = min(Window_Size, 128 KiB). So a 125 KB frame that expands to
 * 4 GB is known to pass the limit before a single block is decoded.
 */
export type ZstdBound =
  | { kind: 'bounded'; bytes: number; declaredContentBytes?: number }
  | { kind: 'malformed'; reason: string }

const FRAME_MAGIC = 0xfd2fb528
const SKIPPABLE_MAGIC_MASK = 0xfffffff0
const SKIPPABLE_MAGIC = 0x184d2a50
const MAX_BLOCK_BYTES = 128 * 1024

export function zstdDecodedBound(data: Uint8Array): ZstdBound {
  let offset = 0
  let total = 0
  let declared: number | undefined = 0
  while (offset < data.length) {
    if (offset + 4 > data.length) return malformed('truncated frame magic')
    const magic = readLittleEndian(data, offset, 4)
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (offset + 8 > data.length) return malformed('truncated skippable frame')
      offset += 8 + readLittleEndian(data, offset + 4, 4)
      continue
    }
    if (magic !== FRAME_MAGIC) return malformed('not a zstd frame')
    const frame = frameBound(data, offset + 4)
    if (frame.kind === 'malformed') return frame
    total += frame.bytes
    declared =
      declared === undefined || frame.declaredContentBytes === undefined
        ? undefined
        : declared + frame.declaredContentBytes
    offset = frame.end
  }
  return { kind: 'bounded', bytes: total, declaredContentBytes: declared }
}

function frameBound(
  data: Uint8Array,
  start: number,
):
  | { kind: 'bounded'; bytes: number; declaredContentBytes?: number; end: number }
  | { kind: 'malformed'; reason: string } {
  let offset = start
  const descriptor = data[offset++]
  if (descriptor === undefined) return malformed('truncated frame header')
  const contentSizeFlag = descriptor >> 6
  const isSingleSegment = ((descriptor >> 5) & 1) === 1
  const hasChecksum = ((descriptor >> 2) & 1) === 1
  const dictionaryIdBytes = [0, 1, 2, 4][descriptor & 3] ?? 0
  let windowSize = 0
  if (!isSingleSegment) {
    const windowDescriptor = data[offset++]
    if (windowDescriptor === undefined) return malformed('truncated window descriptor')
    const base = 2 ** (10 + (windowDescriptor >> 3))
    windowSize = base + (base / 8) * (windowDescriptor & 7)
  }
  offset += dictionaryIdBytes
  const contentSizeBytes = [isSingleSegment ? 1 : 0, 2, 4, 8][contentSizeFlag] ?? 0
  if (offset + contentSizeBytes > data.length) return malformed('truncated frame header')
  let declared: number | undefined
  if (contentSizeBytes > 0)
    declared = readLittleEndian(data, offset, contentSizeBytes) + (contentSizeBytes === 2 ? 256 : 0)
  offset += contentSizeBytes
  if (isSingleSegment) windowSize = declared ?? 0
  const blockMaximum = Math.min(windowSize, MAX_BLOCK_BYTES)

  let bytes = 0
  for (;;) {
    if (offset + 3 > data.length) return malformed('truncated block header')
    const header = readLittleEndian(data, offset, 3)
    offset += 3
    const isLast = (header & 1) === 1
    const type = (header >> 1) & 3
    const size = header >>> 3
    if (type === 3) return malformed('reserved block type')
    // Raw: `size` bytes follow and are the output. RLE: one byte follows, repeated `size` times.
    // Compressed: `size` bytes follow and decode to at most a block's maximum.
    bytes += type === 2 ? blockMaximum : size
    offset += type === 1 ? 1 : size
    if (offset > data.length) return malformed('truncated block')
    if (isLast) break
  }
  if (hasChecksum) offset += 4
  return { kind: 'bounded', bytes, declaredContentBytes: declared, end: offset }
}

function readLittleEndian(data: Uint8Array, offset: number, length: number): number {
  let value = 0
  for (let i = length - 1; i >= 0; i--) value = value * 256 + (data[offset + i] ?? 0)
  return value
}

function malformed(reason: string): { kind: 'malformed'; reason: string } {
  return { kind: 'malformed', reason }
}
