import { decompress } from 'fzstd'
import { describe, expect, test } from 'vitest'
import { readJsonObjectBody } from '../../worker/http/read-json-body'
import { GatewayError } from '../../worker/http/gateway-error'
import { callGateway, errorOf, model } from './helpers/gateway'
import { zstdDecodedBound } from '../../worker/http/zstd-decoded-bound'
import { zstdCompressedBomb } from './zstd-bomb-fixture'
import { zstdFrame } from './zstd-frame'
import { zstdRequestBytes } from './zstd-fixture'

const encoder = new TextEncoder()

async function compress(text: string, format: 'gzip' | 'deflate'): Promise<Uint8Array> {
  const stream = new Blob([encoder.encode(text)]).stream().pipeThrough(new CompressionStream(format))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

function jsonRequest(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request('http://127.0.0.1/v1/responses', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
}

async function refusalOf(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`)
  return error
}

const small = { compressedBytes: 4096, decodedBytes: 16_384 }

describe('readJsonObjectBody', () => {
  test('parses a plain JSON object', async () => {
    expect(await readJsonObjectBody(jsonRequest('{"model":"m","input":[]}'))).toEqual({ model: 'm', input: [] })
  })

  test.each(['gzip', 'deflate'] as const)('undoes Content-Encoding: %s', async (format) => {
    const body = await compress(JSON.stringify({ model: 'm', note: 'x'.repeat(5000) }), format)
    const parsed = await readJsonObjectBody(jsonRequest(body, { 'content-encoding': format }))
    expect(parsed.note).toHaveLength(5000)
  })

  test('undoes Content-Encoding: zstd from the real zstd tool', async () => {
    const parsed = await readJsonObjectBody(jsonRequest(zstdRequestBytes(), { 'content-encoding': 'zstd' }))
    expect(parsed.model).toBe('demo')
    expect(JSON.stringify(parsed.input)).toContain('zstd works zstd works')
  })

  test('undoes a zstd frame of raw and RLE blocks', async () => {
    const frame = zstdFrame([
      { kind: 'raw', bytes: encoder.encode('{"model":"m","pad":"') },
      { kind: 'rle', byte: 0x61, count: 3000 },
      { kind: 'raw', bytes: encoder.encode('"}') },
    ])
    const parsed = await readJsonObjectBody(jsonRequest(frame, { 'content-encoding': 'zstd' }))
    expect(parsed.pad).toBe('a'.repeat(3000))
  })

  // The 64 GiB RLE bomb, and one whose headers understate it, are in zstd-decoding-stops.test.ts, which counts the bytes decoded.

  test('decides from the headers before decoding anything: garbage ahead of 128 MiB of output gets 413, not 400', async () => {
    // A "compressed" block of garbage, then 128 MiB of RLE blocks: a decoder that ran first would fail on the garbage.
    const withGarbage = zstdFrame([
      { kind: 'compressed', payload: new Uint8Array(16).fill(0xff) },
      { kind: 'rle', byte: 0x20, count: 128 * 2 ** 20 },
    ])
    expect(zstdDecodedBound(withGarbage)).toMatchObject({ kind: 'bounded' })
    const refusal = await refusalOf(readJsonObjectBody(jsonRequest(withGarbage, { 'content-encoding': 'zstd' })))
    expect(refusal.status).toBe(413)
  })

  test('refuses a bomb of compressed blocks made by the real zstd tool (200 MiB from 17.6 KB) with 413', async () => {
    const refusal = await refusalOf(
      readJsonObjectBody(jsonRequest(zstdCompressedBomb(), { 'content-encoding': 'zstd' })),
    )
    expect(refusal.status).toBe(413)
  })

  test('a declared content size past the limit is refused at once', async () => {
    // Single segment, 4-byte Frame_Content_Size of 1 GiB, then one empty raw block.
    const frame = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0x00, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00])
    expect(zstdDecodedBound(frame)).toMatchObject({ kind: 'bounded', declaredContentBytes: 2 ** 30 })
    expect((await refusalOf(readJsonObjectBody(jsonRequest(frame, { 'content-encoding': 'zstd' })))).status).toBe(413)
  })

  test('the bound is exact for raw and RLE blocks, and never below the truth for compressed ones', async () => {
    const frame = zstdFrame([
      { kind: 'raw', bytes: encoder.encode('{"a":"') },
      { kind: 'rle', byte: 0x61, count: 300_000 },
      { kind: 'raw', bytes: encoder.encode('"}') },
    ])
    expect(zstdDecodedBound(frame)).toMatchObject({ kind: 'bounded', bytes: 300_008 })
    const real = zstdRequestBytes()
    const bound = zstdDecodedBound(real)
    expect(bound.kind === 'bounded' && bound.bytes).toBeGreaterThanOrEqual(decompress(real).length)
  })

  test('refuses a gzip bomb once its output passes the decoded limit (413)', async () => {
    const bomb = await compress(' '.repeat(200_000), 'gzip')
    const refusal = await refusalOf(readJsonObjectBody(jsonRequest(bomb, { 'content-encoding': 'gzip' }), small))
    expect(refusal.status).toBe(413)
  })

  test('refuses a body whose Content-Length is over the limit before reading it (413)', async () => {
    const refusal = await refusalOf(readJsonObjectBody(jsonRequest('{}', { 'content-length': '999999999' }), small))
    expect(refusal.status).toBe(413)
  })

  test('refuses a body longer than the Content-Length it declares, once read, when it passes the limit (413)', async () => {
    const body = `{"a":"${'x'.repeat(20_000)}"}`
    const refusal = await refusalOf(readJsonObjectBody(jsonRequest(body, { 'content-length': '10' }), small))
    expect(refusal.status).toBe(413)
  })

  test('refuses a streamed body once it grows past the limit (413)', async () => {
    const refusal = await refusalOf(readJsonObjectBody(jsonRequest(`{"a":"${'x'.repeat(20_000)}"}`), small))
    expect(refusal.status).toBe(413)
  })

  test.each([
    ['not JSON at all', 'not valid JSON'],
    ['{"model": }', 'not valid JSON'],
    ['[1,2]', 'got an array'],
    ['"text"', 'got a string'],
    ['null', 'got null'],
  ])('refuses %j with a 400 that says why', async (body, expected) => {
    const refusal = await refusalOf(readJsonObjectBody(jsonRequest(body)))
    expect(refusal.status).toBe(400)
    expect(refusal.message).toContain(expected)
  })

  test('refuses bytes that are not UTF-8 (400)', async () => {
    const refusal = await refusalOf(readJsonObjectBody(jsonRequest(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))))
    expect(refusal.status).toBe(400)
    expect(refusal.message).toContain('UTF-8')
  })

  test('refuses corrupt gzip and corrupt zstd data (400)', async () => {
    const garbage = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect((await refusalOf(readJsonObjectBody(jsonRequest(garbage, { 'content-encoding': 'gzip' })))).status).toBe(400)
    expect((await refusalOf(readJsonObjectBody(jsonRequest(garbage, { 'content-encoding': 'zstd' })))).status).toBe(400)
  })

  test('refuses an encoding it cannot undo (415)', async () => {
    const refusal = await refusalOf(readJsonObjectBody(jsonRequest('{}', { 'content-encoding': 'br' })))
    expect(refusal.status).toBe(415)
    expect(refusal.message).toContain('br')
  })

  test('never quotes the body back in a JSON error', async () => {
    const refusal = await refusalOf(readJsonObjectBody(jsonRequest('{"api_key": "sk-secret-value" oops}')))
    expect(refusal.message).not.toContain('sk-secret-value')
  })
})

describe('POST /v1/responses body handling through the app', () => {
  const snapshot = { ok: true as const, chatgptPassthrough: 'logged_out' as const, models: [model({ slug: 'demo' })] }

  test('a zstd-compressed request reaches routing (the model is found)', async () => {
    const response = await callGateway('/v1/responses', {
      snapshot,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' },
      body: zstdRequestBytes(),
    })
    expect(response.status).not.toBe(400)
    expect(response.status).not.toBe(404)
  })

  test('a 64 MiB+ gzip bomb gets a JSON 413', async () => {
    const bomb = await compress(' '.repeat(65 * 1024 * 1024), 'gzip')
    const response = await callGateway('/v1/responses', {
      snapshot,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    })
    expect(response.status).toBe(413)
    expect((await errorOf(response)).code).toBe('request_too_large')
  })

  test('malformed JSON gets a JSON 400', async () => {
    const response = await callGateway('/v1/responses', {
      snapshot,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":',
    })
    expect(response.status).toBe(400)
    expect((await errorOf(response)).code).toBe('invalid_json')
  })
})
