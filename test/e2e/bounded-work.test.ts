import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { zstdFrame } from '../worker/zstd-frame'

let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [{ model: 'mock-chat', slug: 'mock', provider: 'openai', api_key: 'sk-x' }],
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

describe('a compression bomb costs the gateway nothing', () => {
  test('a 16 GiB zstd bomb is refused at once while another stream keeps flowing', async () => {
    gateway.upstream.enqueue({ kind: 'chat', text: 'x'.repeat(60), deltaSize: 1, eventDelayMs: 25 })
    const stream = fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gateway.authHeaders },
      body: JSON.stringify({ model: 'mock', input: 'go', stream: true }),
    }).then(chunkTimes)
    await new Promise((resolve) => setTimeout(resolve, 300))

    const bomb = zstdFrame([{ kind: 'rle', byte: 0x20, count: 16 * 2 ** 30 }])
    const sentAt = performance.now()
    const refusal = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'zstd', ...gateway.authHeaders },
      body: Buffer.from(bomb),
    })
    const refusedAfterMs = performance.now() - sentAt
    expect(refusal.status).toBe(413)
    // Decoding 16 GiB takes the one worker thread many seconds; reading 131,072 block headers takes well under 50 ms.
    expect(refusedAfterMs).toBeLessThan(1000)

    const times = await stream
    expect(times.length).toBeGreaterThan(30)
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time))
    expect(Math.max(...gaps)).toBeLessThan(500)
  })
})
