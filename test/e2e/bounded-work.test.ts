import { constants, crc32, deflateRawSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { zstdFrame } from '../worker/zstd-frame'

/**
 * Issue 11's bounded work, seen from outside: a compression bomb costs the one worker thread a few milliseconds,
 * not the seconds its decoding would, and an upstream's error body is read only as far as its first 64 KB.
 */
let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'mock-chat', slug: 'mock', provider: 'openai', api_key: 'sk-x' },
      { model: 'mock-claude', slug: 'claude', provider: 'anthropic', api_key: 'sk-ant-x' },
    ],
  })
})
afterAll(async () => {
  await gateway?.stop()
})

/** Reads an SSE response, noting when each chunk arrived. */
async function chunkTimes(response: Response): Promise<number[]> {
  const times: number[] = []
  const reader = response.body?.getReader()
  if (!reader) return times
  for (;;) {
    const { done } = await reader.read()
    if (done) return times
    times.push(performance.now())
  }
}

/** One POST to /v1/responses, timed from sending to the last byte of the answer. */
async function timedPost(body: Uint8Array, encoding: string): Promise<{ status: number; ms: number }> {
  const sentAt = performance.now()
  const response = await fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': encoding, ...gateway.authHeaders },
    body: Buffer.from(body),
  })
  await response.arrayBuffer()
  return { status: response.status, ms: performance.now() - sentAt }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Infinity

describe('a compression bomb costs the gateway nothing', () => {
  // 32,768 RLE blocks of 128 KiB: 131 KB on the wire, 4 GiB decoded. Decoding it takes the worker seconds;
  // stopping at the 64 MiB limit still takes ~200 ms; reading its block headers takes ~1 ms.
  const bomb = zstdFrame([{ kind: 'rle', byte: 0x20, count: 4 * 2 ** 30 }])

  test('a 4 GiB zstd bomb gets its 413 within 50 ms of work', async () => {
    // The work is what the bomb costs beyond sending the same bytes undecoded (refused at their first invalid
    // UTF-8 byte), so upload, loopback and a busy machine cancel out; the median of interleaved pairs keeps
    // one stall from deciding.
    const extraMs: number[] = []
    for (let i = 0; i < 7; i++) {
      const refusal = await timedPost(bomb, 'zstd')
      const baseline = await timedPost(bomb, 'identity')
      expect(refusal.status).toBe(413)
      expect(baseline.status).toBe(400)
      extraMs.push(refusal.ms - baseline.ms)
    }
    expect(median(extraMs)).toBeLessThan(50)
  })

  test('a stream keeps flowing while bombs are refused', async () => {
    gateway.upstream.enqueue({ kind: 'chat', text: 'x'.repeat(60), deltaSize: 1, eventDelayMs: 25 })
    const stream = fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gateway.authHeaders },
      body: JSON.stringify({ model: 'mock', input: 'go', stream: true }),
    }).then(chunkTimes)
    await new Promise((resolve) => setTimeout(resolve, 300))
    for (let i = 0; i < 5; i++) expect((await timedPost(bomb, 'zstd')).status).toBe(413)

    const times = await stream
    expect(times.length).toBeGreaterThan(30)
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time))
    expect(Math.max(...gaps)).toBeLessThan(500)
  })
})

/**
 * A valid gzip of `mebibytes` MiB of zeros, built in a blink: one sync-flushed (byte-aligned) deflate run of
 * 1 MiB repeated, an empty final block, and the real CRC-32 and size, so every decoder accepts it.
 */
function gzipOfZeros(mebibytes: number): Buffer {
  const mebibyte = Buffer.alloc(2 ** 20)
  const run = deflateRawSync(mebibyte, { level: 9, finishFlush: constants.Z_SYNC_FLUSH })
  let crc = 0
  for (let i = 0; i < mebibytes; i++) crc = crc32(mebibyte, crc)
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc >>> 0, 0)
  trailer.writeUInt32LE((mebibytes * 2 ** 20) >>> 0, 4)
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
  return Buffer.concat([header, ...Array<Buffer>(mebibytes).fill(run), Buffer.from([0x03, 0x00]), trailer])
}

describe('a gzip bomb', () => {
  test('of 1 GiB costs no more work than one just past the 64 MiB limit', async () => {
    // Unlike zstd, gzip says nothing of its size before it is inflated, so a bomb costs the inflating of 64 MiB;
    // what must not happen is more: workerd's DecompressionStream inflated all of it, however little was read.
    const justPast = gzipOfZeros(65)
    const huge = gzipOfZeros(1024)
    const work = async (body: Uint8Array) => {
      const refusal = await timedPost(body, 'gzip')
      expect(refusal.status).toBe(413)
      return refusal.ms - (await timedPost(body, 'identity')).ms
    }
    const justPastMs: number[] = []
    const hugeMs: number[] = []
    for (let i = 0; i < 3; i++) {
      justPastMs.push(await work(justPast))
      hugeMs.push(await work(huge))
    }
    expect(median(hugeMs)).toBeLessThan(2 * median(justPastMs) + 50)
  })
})

describe('an upstream error body of many megabytes', () => {
  const BODY_BYTES = 64 * 1024 * 1024

  test.each([
    { slug: 'mock', upstreamStatus: 400, status: 400, code: 'upstream_rejected' },
    { slug: 'claude', upstreamStatus: 500, status: 502, code: 'upstream_error' },
  ])(
    '$slug: a $upstreamStatus with a 64 MiB body reaches Codex as a small $status, read no further than its start',
    async ({ slug, upstreamStatus, status, code }) => {
      const index = gateway.upstream.requests.length
      gateway.upstream.enqueue({
        kind: 'long-body',
        status: upstreamStatus,
        head: '{"error":{"type":"invalid_request_error","message":"bad request ',
        bytes: BODY_BYTES,
      })
      const response = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...gateway.authHeaders },
        body: JSON.stringify({ model: slug, input: 'go', stream: true }),
      })
      const text = await response.text()
      expect(response.status).toBe(status)
      expect(text.length).toBeLessThan(4096)
      const error = (JSON.parse(text) as { error: { code: string; message: string } }).error
      expect(error.code).toBe(code)
      expect(error.message).toContain(`${slug}: `)
      expect(error.message).toContain('bad request')
      // The gateway hung up on the rest: loopback and workerd buffers hold a few MiB at most, far from 64.
      await gateway.upstream.waitForClientClose(index, 5000)
      expect(gateway.upstream.requests[index]?.sentBytes).toBeLessThan(BODY_BYTES / 4)
    },
  )
})
