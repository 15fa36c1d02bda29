import { describe, expect, test } from 'vitest'
import { createUpstreamBodyReader } from '../../worker/upstreams/upstream-body-reader'

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes))

/** A native byte stream, as a fetch body is: each write is handed over as the upstream's socket would. */
function nativeBody() {
  const { readable, writable } = new IdentityTransformStream()
  const writer = writable.getWriter()
  return {
    body: readable as ReadableStream<Uint8Array>,
    // Not awaited: an identity stream's write settles only once it has been read.
    send: (piece: string) => void writer.write(new TextEncoder().encode(piece)).catch(() => undefined),
    end: () => void writer.close().catch(() => undefined),
    breakOff: () => void writer.abort(new Error('Network connection lost.')).catch(() => undefined),
  }
}

const event = (n: number) => `data: {"choices":[{"delta":{"content":"token ${n}"}}]}\n\n`

describe('createUpstreamBodyReader', () => {
  test('between events, a short first piece and the rest of the event come as one read', async () => {
    // workerd splits each HTTP chunk this way: the 26-28 bytes after its size line, then the rest.
    const upstream = nativeBody()
    const reader = createUpstreamBodyReader(upstream.body)
    const whole = event(1)
    upstream.send(whole.slice(0, 28))
    upstream.send(whole.slice(28))
    expect(text(await reader.read())).toBe(whole)
    expect(reader.isAtEventBoundary()).toBe(true)
  })

  test('inside an event, every byte is handed over as it comes: a lone blank line is not held back', async () => {
    const upstream = nativeBody()
    const reader = createUpstreamBodyReader(upstream.body)
    const whole = event(2)
    upstream.send(whole.slice(0, -2))
    expect(text(await reader.read())).toBe(whole.slice(0, -2))
    expect(reader.isAtEventBoundary()).toBe(false)
    upstream.send('\n\n') // and nothing after it until the next event
    expect(text(await reader.read())).toBe('\n\n')
    expect(reader.isAtEventBoundary()).toBe(true)
  })

  test('a short last event is delivered with the end of the body, and then the end', async () => {
    const upstream = nativeBody()
    const reader = createUpstreamBodyReader(upstream.body)
    upstream.send(event(3))
    expect(text(await reader.read())).toBe(event(3))
    upstream.send('data: [DONE]\n\n')
    upstream.end()
    expect(text(await reader.read())).toBe('data: [DONE]\n\n')
    expect(await reader.read()).toBeUndefined()
  })

  test('every byte arrives intact across many reads into the reused buffer', async () => {
    const upstream = nativeBody()
    const reader = createUpstreamBodyReader(upstream.body)
    const events = Array.from({ length: 400 }, (_, n) => event(n))
    for (const [n, one] of events.entries()) {
      // Events cut at varying places, some several to a write, as a busy upstream sends them.
      const cut = n % 7 === 0 ? 5 : one.length
      upstream.send(one.slice(0, cut))
      if (cut < one.length) upstream.send(one.slice(cut))
    }
    upstream.end()
    let received = ''
    for (let bytes = await reader.read(); bytes !== undefined; bytes = await reader.read()) received += text(bytes)
    expect(received).toBe(events.join(''))
  })

  test('a broken connection rejects the read', async () => {
    const upstream = nativeBody()
    const reader = createUpstreamBodyReader(upstream.body)
    upstream.send(event(4))
    expect(text(await reader.read())).toBe(event(4))
    upstream.breakOff()
    await expect(reader.read()).rejects.toThrow()
  })

  test('a body built in JavaScript (no byte stream) is read chunk by chunk', async () => {
    const encoded = new TextEncoder().encode('data: x\n\n')
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoded)
        controller.close()
      },
    })
    const reader = createUpstreamBodyReader(body)
    expect(text(await reader.read())).toBe('data: x\n\n')
    expect(await reader.read()).toBeUndefined()
  })
})
