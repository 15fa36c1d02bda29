import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { MockReply } from '../kit/mock-upstream'
import { parseSseEvents, validateResponsesStream, type StreamEvent } from '../kit/responses-stream-validator'

/**
 * What Codex sees for every way an upstream can fail (issue 12's fault matrix), for a chat-completions and an
 * Anthropic upstream: before the first byte an HTTP status and an OpenAI-shaped body (400 means "do not retry",
 * 429/5xx mean "retry"), after it the terminal event and its code. Rejections no retry can fix are 400s whose
 * message names the model, the upstream's status and its message.
 */
type Upstream = 'chat' | 'anthropic'

type Expected =
  | { http: number; code: string; message?: RegExp; retryAfter?: string | null }
  | { terminal: 'response.completed'; text: string }
  | { terminal: 'response.failed'; code: string; message: RegExp }

interface Row {
  fault: string
  reply: (upstream: Upstream) => MockReply
  expected: Expected
}

const TIMEOUT_MS = 1500
const SIXTEEN_MIB = 16 * 1024 * 1024

/** An error body in the upstream's own shape. */
function errorBody(upstream: Upstream, type: string, message: string): Record<string, unknown> {
  return upstream === 'chat' ? { error: { message, type, code: type } } : { type: 'error', error: { type, message } }
}

const status =
  (code: number, type: string, message: string, headers?: Record<string, string>) =>
  (upstream: Upstream): MockReply => ({
    kind: 'status',
    status: code,
    headers,
    body: errorBody(upstream, type, message),
  })

/** A normal answer in the upstream's format, with stream faults applied. */
const answer =
  (text: string, faults: Record<string, unknown> = {}) =>
  (upstream: Upstream): MockReply =>
    upstream === 'chat'
      ? { kind: 'chat', text, deltaSize: 4, ...faults }
      : { kind: 'anthropic', text, deltaSize: 4, ...faults }

const rows: Row[] = [
  {
    fault: '401',
    reply: status(401, 'authentication_error', 'Incorrect API key provided'),
    expected: {
      http: 400,
      code: 'upstream_rejected',
      message: /^SLUG: the upstream rejected the API key \(401\): Incorrect API key provided$/,
    },
  },
  {
    fault: '403',
    reply: status(403, 'permission_error', 'Your key may not use this model'),
    expected: {
      http: 400,
      code: 'upstream_rejected',
      message: /^SLUG: the upstream refused access \(403\): Your key may not use this model$/,
    },
  },
  {
    fault: '404',
    reply: status(404, 'not_found_error', 'The model `no-such-model` does not exist'),
    expected: {
      http: 400,
      code: 'upstream_rejected',
      message:
        /^SLUG: the upstream does not know this model or endpoint \(404\): The model `no-such-model` does not exist/,
    },
  },
  {
    fault: '413',
    reply: status(413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes'),
    expected: {
      http: 400,
      code: 'upstream_rejected',
      message:
        /^SLUG: the upstream refused a request this large \(413\): Request exceeds the maximum allowed number of bytes$/,
    },
  },
  {
    fault: '422',
    reply: status(422, 'invalid_request_error', 'messages: field required'),
    expected: {
      http: 400,
      code: 'upstream_rejected',
      message: /^SLUG: the upstream rejected the request \(422\): messages: field required$/,
    },
  },
  {
    fault: '429 with retry-after',
    reply: status(429, 'rate_limit_error', 'Too many requests', { 'retry-after': '7' }),
    expected: { http: 429, code: 'rate_limit_exceeded', retryAfter: '7' },
  },
  {
    fault: '429 without retry-after',
    reply: status(429, 'rate_limit_error', 'Too many requests'),
    expected: { http: 429, code: 'rate_limit_exceeded', retryAfter: null },
  },
  {
    fault: '429 insufficient_quota',
    reply: () => ({
      kind: 'status',
      status: 429,
      body: {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
    }),
    expected: {
      http: 400,
      code: 'upstream_rejected',
      message: /^SLUG: the upstream has no quota left for this key \(429\): You exceeded your current quota/,
    },
  },
  {
    fault: '500',
    reply: status(500, 'api_error', 'Internal server error'),
    expected: { http: 502, code: 'upstream_error', message: /Internal server error/ },
  },
  { fault: '502', reply: status(502, 'api_error', 'Bad gateway'), expected: { http: 502, code: 'upstream_error' } },
  {
    fault: '503',
    reply: status(503, 'api_error', 'model is loading'),
    expected: { http: 502, code: 'upstream_error', message: /model is loading/ },
  },
  {
    fault: '529',
    reply: status(529, 'overloaded_error', 'Overloaded'),
    expected: { http: 502, code: 'upstream_error', message: /Overloaded/ },
  },
  {
    fault: 'HTML 200',
    reply: () => ({
      kind: 'status',
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><html><body>Welcome to nginx!</body></html>',
    }),
    expected: { http: 400, code: 'upstream_unusable', message: /^SLUG: .*HTML page.*base_url/ },
  },
  {
    fault: 'JSON 200 to a streaming request',
    reply: answer('Answered as one JSON body.', { stream: false }),
    expected: { terminal: 'response.completed', text: 'Answered as one JSON body.' },
  },
  {
    fault: 'connection reset before headers',
    reply: () => ({ kind: 'reset' }),
    expected: { http: 502, code: 'upstream_unreachable' },
  },
  {
    fault: 'reset mid-stream',
    reply: answer('This sentence is cut in the middle of', { cutAfterEvents: 5 }),
    expected: { terminal: 'response.failed', code: 'server_error', message: /.+/ },
  },
  {
    fault: 'stall before headers',
    reply: answer('too late', { delayBeforeHeadersMs: 10_000 }),
    expected: { terminal: 'response.failed', code: 'server_error', message: /timed out/ },
  },
  {
    fault: 'stall mid-stream',
    reply: answer('stalls after a few words', { stallAfterEvents: { events: 4, ms: 10_000 } }),
    expected: { terminal: 'response.failed', code: 'server_error', message: /timed out/ },
  },
  {
    fault: 'malformed SSE',
    reply: () => ({
      kind: 'sse',
      events: ['data: {"this is": not json', 'what even is this line', 'event: nonsense\ndata: [1,2'],
    }),
    expected: { terminal: 'response.failed', code: 'server_error', message: /ended the stream before/ },
  },
  {
    fault: 'a 16 MiB event',
    reply: () => ({ kind: 'sse', events: [`data: {"huge":"${'x'.repeat(SIXTEEN_MIB + 1024)}"}`] }),
    expected: { terminal: 'response.failed', code: 'invalid_prompt', message: /16 MiB/ },
  },
]

let gateway: GatewayHarness
const slugs: Record<Upstream, string> = { chat: 'chat-model', anthropic: 'claude-model' }

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'upstream-chat', slug: slugs.chat, provider: 'openai', api_key: 'sk-matrix-chat-key' },
      { model: 'upstream-claude', slug: slugs.anthropic, provider: 'anthropic', api_key: 'sk-ant-matrix-key' },
    ],
    env: { CODEX_SHIM_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), CODEX_SHIM_HEADER_GRACE_MS: '300' },
  })
})
afterAll(async () => {
  await gateway?.stop()
})

async function askAsCodex(slug: string): Promise<{ response: Response; text: string }> {
  const response = await fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...gateway.authHeaders },
    body: JSON.stringify({
      model: slug,
      stream: true,
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }],
    }),
  })
  return { response, text: await response.text() }
}

const cases = (['chat', 'anthropic'] as const).flatMap((upstream) =>
  rows.map((row) => ({ upstream, ...row, name: `${upstream} upstream: ${row.fault}` })),
)

describe('fault matrix: what Codex sees', () => {
  test.each(cases)('$name', async ({ upstream, reply, expected }) => {
    const slug = slugs[upstream]
    const before = gateway.upstream.requests.length
    gateway.upstream.enqueue(reply(upstream))
    const { response, text } = await askAsCodex(slug)
    expect(gateway.upstream.requests.length - before).toBe(1)

    if ('http' in expected) {
      expect(response.status, text.slice(0, 300)).toBe(expected.http)
      const body = JSON.parse(text) as { error: { message: string; code: string; type: string } }
      expect(body.error.code).toBe(expected.code)
      if (expected.message)
        expect(body.error.message).toMatch(new RegExp(expected.message.source.replace('SLUG', slug)))
      if (expected.retryAfter !== undefined) expect(response.headers.get('retry-after')).toBe(expected.retryAfter)
      return
    }
    expect(response.status).toBe(200)
    const events: StreamEvent[] = parseSseEvents(text)
    expect(validateResponsesStream(events)).toEqual([])
    const last = events.at(-1) as {
      type: string
      response: { output: { type: string; content?: { text: string }[] }[]; error?: { code: string; message: string } }
    }
    expect(last.type).toBe(expected.terminal)
    if (expected.terminal === 'response.completed') {
      expect(last.response.output[0]?.content?.[0]?.text).toBe(expected.text)
      return
    }
    expect(last.response.error?.code).toBe(expected.code)
    expect(last.response.error?.message).toMatch(expected.message)
    // A failed response keeps nothing half-written: Codex would replay it on its retry.
    expect(last.response.output.filter((item) => item.type === 'message')).toEqual([])
  })
})
