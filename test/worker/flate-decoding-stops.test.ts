import { afterEach, describe, expect, test, vi } from 'vitest'
import { GatewayError } from '../../worker/http/gateway-error'
import { readJsonObjectBody } from '../../worker/http/read-json-body'

/**
 * Evidence that gzip and deflate decoding stop near the limit, counted rather than timed: every byte fflate hands
 * out is counted. Deflate expands at most 1032:1, so a 4 KiB slice of input yields at most ~4 MiB.
 */
const observed = vi.hoisted(() => ({ decodedBytes: 0 }))

vi.mock('fflate', async (importOriginal) => {
  const real = await importOriginal<typeof import('fflate')>()
  const counting = <T extends typeof real.Gunzip | typeof real.Unzlib>(Base: T) =>
    class extends (Base as typeof real.Gunzip) {
      constructor(ondata: (chunk: Uint8Array, isFinal: boolean) => void) {
        super((chunk, isFinal) => {
          observed.decodedBytes += chunk.byteLength
          ondata(chunk, isFinal)
        })
      }
    }
  return { ...real, Gunzip: counting(real.Gunzip), Unzlib: counting(real.Unzlib) }
})

afterEach(() => {
  observed.decodedBytes = 0
})

const MIB = 1024 * 1024
const limits = { compressedBytes: 32 * MIB, decodedBytes: MIB }

async function compressedZeros(mebibytes: number, format: 'gzip' | 'deflate'): Promise<Uint8Array> {
  const zeros = new Uint8Array(MIB)
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < mebibytes; i++) controller.enqueue(zeros)
      controller.close()
    },
  })
  return new Uint8Array(await new Response(input.pipeThrough(new CompressionStream(format))).arrayBuffer())
}

describe.each(['gzip', 'deflate'] as const)('a %s bomb', (format) => {
  test('of 64 MiB against a 1 MiB limit stops inflating within one slice of the limit', async () => {
    const bomb = await compressedZeros(64, format)
    const request = new Request('http://127.0.0.1/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': format },
      body: bomb,
    })
    const refusal = await readJsonObjectBody(request, limits).then(
      () => undefined,
      (reason: unknown) => reason,
    )
    expect(refusal).toBeInstanceOf(GatewayError)
    expect((refusal as GatewayError).status).toBe(413)
    expect(observed.decodedBytes).toBeGreaterThan(MIB)
    expect(observed.decodedBytes).toBeLessThanOrEqual(MIB + 1032 * 4096)
  })
})
