import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { startMockUpstream, type MockUpstream } from '../kit/mock-upstream'
import { parseSse } from '../kit/other-stream-validators'
import { parseSseEvents } from '../kit/responses-stream-validator'

/**
 * Passthroughs (Messages → Anthropic, chat → chat, Responses → ChatGPT) get the same bounds as translated routes:
 * the upstream timeout before headers and between chunks, a departed client aborts the upstream request, and
 * error bodies are read only up to 64 KB.
 */
const TIMEOUT_MS = 1500
/** A second gateway whose timeout cannot be what ends a request, for measuring departures. */
const LONG_TIMEOUT_MS = 20_000
let gateway: GatewayHarness
let patientGateway: GatewayHarness
let chatgpt: MockUpstream

async function startGateway(timeoutMs: number): Promise<GatewayHarness> {
  const started = await startGatewayHarness({
    models: [
      { model: 'upstream-chat', slug: 'chatty', provider: 'openai', api_key: 'sk-pass-chat' },
      { model: 'upstream-claude', slug: 'claude', provider: 'anthropic', api_key: 'sk-ant-pass' },
    ],
    env: {
      CODEX_SHIM_UPSTREAM_TIMEOUT_MS: String(timeoutMs),
      CODEX_SHIM_HEADER_GRACE_MS: '300',
      CODEX_SHIM_CHATGPT_BASE_URL: `${chatgpt.url}/backend-api/codex`,
    },
  })
  await mkdir(started.home.codexHome, { recursive: true })
  await writeFile(
    join(started.home.codexHome, 'auth.json'),
    JSON.stringify({ tokens: { access_token: 'chatgpt-bounds-token-5521', account_id: 'acct' } }),
  )
  return started
}

beforeAll(async () => {
  chatgpt = await startMockUpstream()
  gateway = await startGateway(TIMEOUT_MS)
  patientGateway = await startGateway(LONG_TIMEOUT_MS)
})
afterAll(async () => {
  await gateway?.stop()
  await patientGateway?.stop()
  await chatgpt?.close()
})
beforeEach(() => {
  gateway.upstream.requests.length = 0
  patientGateway.upstream.requests.length = 0
  chatgpt.requests.length = 0
})

type Door = {
  name: string
  path: string
  body: Record<string, unknown>
  upstream: (via: GatewayHarness) => MockUpstream
}
const doors: Door[] = [
  {
    name: 'chat → chat',
    path: '/v1/chat/completions',
    body: { model: 'chatty', messages: [{ role: 'user', content: 'hi' }] },
    upstream: (via) => via.upstream,
  },
  {
    name: 'Messages → Anthropic',
    path: '/v1/messages',
    body: { model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] },
    upstream: (via) => via.upstream,
  },
  {
    name: 'Responses → ChatGPT',
    path: '/v1/responses',
    body: { model: 'gpt-5.5', input: 'hi' },
    upstream: () => chatgpt,
  },
]

const post = (door: Door, extra: Record<string, unknown>, signal?: AbortSignal, via = gateway) =>
  fetch(`${via.url}${door.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...via.authHeaders },
    body: JSON.stringify({ ...door.body, ...extra }),
    signal,
  })

/** A few SSE events in the door's own format, so a stall has something before it. */
function someEvents(door: Door): string[] {
  if (door.path === '/v1/messages')
    return [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"usage":{"input_tokens":1,"output_tokens":1}}}',
      'event: ping\ndata: {"type":"ping"}',
      'event: ping\ndata: {"type":"ping"}',
    ]
  if (door.path === '/v1/chat/completions')
    return [
      'data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"a"}}]}',
      'data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"b"}}]}',
      'data: [DONE]',
    ]
  return [
    'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1"}}',
    'event: response.in_progress\ndata: {"type":"response.in_progress","response":{"id":"resp_1"}}',
    'event: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_1"}}',
  ]
}

/** The terminal error each door's clients understand, with its message. */
function terminalErrorMessage(door: Door, text: string): string | undefined {
  if (door.path === '/v1/responses') {
    const last = parseSseEvents(text).at(-1) as { type: string; response?: { error?: { message: string } } } | undefined
    return last?.type === 'response.failed' ? last.response?.error?.message : undefined
  }
  const last = parseSse(text).at(-1)
  if (!last) return undefined
  const data = JSON.parse(last.data) as { type?: string; error?: { message?: string } }
  return (door.path === '/v1/messages' ? data.type === 'error' : data.error !== undefined)
    ? data.error?.message
    : undefined
}

describe.each(doors)('$name passthrough', (door) => {
  test('an upstream that stalls mid-stream is given up after the timeout, with the format’s terminal error', async () => {
    door
      .upstream(gateway)
      .enqueue({ kind: 'sse', events: someEvents(door), stallAfterEvents: { events: 2, ms: 10_000 } })
    const started = Date.now()
    const text = await (await post(door, { stream: true })).text()
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2500)
    expect(terminalErrorMessage(door, text)).toMatch(/timed out/)
  })

  test('an upstream that sends no headers is given up after the timeout', async () => {
    door.upstream(gateway).enqueue({ kind: 'sse', events: someEvents(door), delayBeforeHeadersMs: 10_000 })
    const started = Date.now()
    const text = await (await post(door, { stream: true })).text()
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2500)
    expect(terminalErrorMessage(door, text)).toMatch(/timed out/)
  })

  test('a non-streaming request that gets no answer is a 504 after the timeout', async () => {
    door.upstream(gateway).enqueue({ kind: 'status', status: 200, body: {}, delayMs: 10_000 })
    const started = Date.now()
    const response = await post(door, { stream: false })
    expect(response.status).toBe(504)
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2500)
  })

  test('a client that leaves while the upstream has not answered aborts the upstream request', async () => {
    const upstream = door.upstream(patientGateway)
    upstream.enqueue({ kind: 'sse', events: someEvents(door), delayBeforeHeadersMs: 8000 })
    const controller = new AbortController()
    const response = await post(door, { stream: true }, controller.signal, patientGateway)
    await response.body?.getReader().read()
    const left = Date.now()
    controller.abort()
    await upstream.waitForClientClose(0, 3000)
    expect(Date.now() - left).toBeLessThan(1500)
  })

  test('a client that leaves mid-stream, while the upstream is silent, aborts the upstream request', async () => {
    const upstream = door.upstream(patientGateway)
    upstream.enqueue({ kind: 'sse', events: someEvents(door), stallAfterEvents: { events: 1, ms: 8000 } })
    const controller = new AbortController()
    const response = await post(door, { stream: true }, controller.signal, patientGateway)
    await response.body?.getReader().read()
    const left = Date.now()
    controller.abort()
    await upstream.waitForClientClose(0, 3000)
    expect(Date.now() - left).toBeLessThan(1500)
  })

  test('a huge error body is cut at 64 KB, keeping the status and the message’s start', async () => {
    door
      .upstream(gateway)
      .enqueue({ kind: 'status', status: 400, body: { error: { message: `bad request ${'y'.repeat(1024 * 1024)}` } } })
    const response = await post(door, { stream: true })
    const text = await response.text()
    expect(response.status).toBe(400)
    expect(text.length).toBeLessThanOrEqual(64 * 1024 + 1024)
    expect(text).toContain('bad request')
  })
})
