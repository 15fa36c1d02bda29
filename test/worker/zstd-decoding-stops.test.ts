import { afterEach, describe, expect, test, vi } from 'vitest'
import { readJsonObjectBody, type BodyLimits } from '../../worker/http/read-json-body'
import { GatewayError } from '../../worker/http/gateway-error'
import { zstdFrame } from './zstd-frame'

/**
 * Evidence that zstd decoding stops, counted rather than timed: every byte fzstd hands out is counted, and the
 * header bound can be made to understate a frame, as a bug in it would, so the decoder's own stop is what is seen.
 */
const observed = vi.hoisted(() => ({ decodedBytes: 0, isBoundUnderstated: false }))

vi.mock('fzstd', async (importOriginal) => {
  const real = await importOriginal<typeof import('fzstd')>()
  class CountingDecompress extends real.Decompress {
    constructor(ondata: ConstructorParameters<typeof real.Decompress>[0]) {
      super((chunk, isFinal) => {
        observed.decodedBytes += chunk.byteLength
        ondata?.(chunk, isFinal)
      })
    }
  }
  return { ...real, Decompress: CountingDecompress }
})

vi.mock('../../worker/http/zstd-decoded-bound', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../worker/http/zstd-decoded-bound')>()
  return {
    ...real,
    zstdDecodedBound: (data: Uint8Array) =>
      observed.isBoundUnderstated ? { kind: 'bounded', bytes: 0 } : real.zstdDecodedBound(data),
  }
})

afterEach(() => {
  observed.decodedBytes = 0
  observed.isBoundUnderstated = false
})

const BLOCK = 128 * 1024
const small = { compressedBytes: 4096, decodedBytes: 16_384 }

/** The refusal of a zstd body, read with the gateway's own limits unless others are given. */
async function refusalOf(bytes: Uint8Array, limits?: BodyLimits): Promise<GatewayError> {
  const request = new Request('http://127.0.0.1/v1/responses', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' },
    body: bytes,
  })
  const error = await (limits === undefined ? readJsonObjectBody(request) : readJsonObjectBody(request, limits)).then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`)
  return error
}

describe('a zstd bomb', () => {
  test('of 64 GiB (a 2 MB frame of RLE blocks) is refused from its headers with the default limits, not one byte decoded', async () => {
    const refusal = await refusalOf(zstdFrame([{ kind: 'rle', byte: 0x20, count: 64 * 2 ** 30 }]))
    expect(refusal.status).toBe(413)
    expect(refusal.message).toContain('decompressed')
    expect(observed.decodedBytes).toBe(0)
  })

  test('of 1 MB whose headers understate it stops decoding at the first block past the limit', async () => {
    observed.isBoundUnderstated = true
    // 1 MB in 128 KiB blocks; the limit is 16 KB, so the first block already passes it.
    expect((await refusalOf(zstdFrame([{ kind: 'rle', byte: 0x20, count: 1_000_000 }]), small)).status).toBe(413)
    expect(observed.decodedBytes).toBe(BLOCK)
  })
})
