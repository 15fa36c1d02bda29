import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { parseSseEvents, validateResponsesStream, type StreamEvent } from '../kit/responses-stream-validator'

const SECRET = 'sk-upstream-secret-42'
let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'mock-chat', slug: 'chat', provider: 'openai', api_key: SECRET },
      { model: 'mock-ollama', slug: 'local', provider: 'generic-chat-completion-api' },
    ],
    env: { CODEX_SHIM_UPSTREAM_TIMEOUT_MS: '1500', CODEX_SHIM_HEADER_GRACE_MS: '300' },
  })
})
afterAll(async () => {
  await gateway?.stop()
})

async function postResponses(body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  return fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.authHeaders },
    body: JSON.stringify(body),
    signal,
  })
}

async function streamEvents(body: Record<string, unknown>): Promise<{ response: Response; events: StreamEvent[] }> {
  const response = await postResponses({ stream: true, ...body })
  const events = parseSseEvents(await response.text())
  return { response, events }
}

const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }]

describe('POST /v1/responses through a chat-completions upstream', () => {
  test('streams a valid Responses stream with text and usage, sending the configured key and model', async () => {
    gateway.upstream.enqueue({
      kind: 'chat',
      text: 'Hi from the mock upstream.',
      usage: { prompt_tokens: 11, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 4 } },
    })
    const { response, events } = await streamEvents({ model: 'chat', input })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    expect(validateResponsesStream(events)).toEqual([])
    const completed = events.at(-1) as {
      type: string
      response: { output: { content: { text: string }[] }[]; usage: Record<string, unknown> }
    }
    expect(completed.type).toBe('response.completed')
    expect(completed.response.output[0]?.content[0]?.text).toBe('Hi from the mock upstream.')
    expect(completed.response.usage).toMatchObject({
      input_tokens: 11,
      output_tokens: 7,
      total_tokens: 18,
      input_tokens_details: { cached_tokens: 4 },
    })
    const upstreamRequest = gateway.upstream.requests.at(-1)
    expect(upstreamRequest?.path).toBe('/v1/chat/completions')
    expect(upstreamRequest?.headers.authorization).toBe(`Bearer ${SECRET}`)
    expect(upstreamRequest?.json).toMatchObject({
      model: 'mock-chat',
      stream: true,
      stream_options: { include_usage: true },
    })
  })

  test('the official openai SDK consumes the stream and its final response matches', async () => {
    gateway.upstream.enqueue({
      kind: 'chat',
      reasoning: 'Thinking it over.',
      text: 'Calling a tool now.',
      toolCalls: [{ id: 'call_sdk', name: 'exec_command', arguments: '{"cmd":"ls"}' }],
      usage: { prompt_tokens: 5, completion_tokens: 9 },
    })
    const client = new OpenAI({ apiKey: gateway.token, baseURL: `${gateway.url}/v1`, maxRetries: 0 })
    const stream = client.responses.stream({
      model: 'chat',
      input: 'list files',
      tools: [
        {
          type: 'function',
          name: 'exec_command',
          parameters: { type: 'object', properties: { cmd: { type: 'string' } } },
          strict: false,
        },
      ],
    })
    const deltas: string[] = []
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta))
    const final = await stream.finalResponse()
    expect(final.status).toBe('completed')
    const message = final.output.find((item) => item.type === 'message')
    expect(
      message?.type === 'message' && message.content[0]?.type === 'output_text' ? message.content[0].text : undefined,
    ).toBe('Calling a tool now.')
    expect(deltas.join('')).toBe('Calling a tool now.')
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call'])
    expect(final.output[2]).toMatchObject({
      type: 'function_call',
      call_id: 'call_sdk',
      name: 'exec_command',
      arguments: '{"cmd":"ls"}',
    })
    expect(final.usage).toMatchObject({ input_tokens: 5, output_tokens: 9, total_tokens: 14 })
  })

  test('a non-streaming request gets a complete Response object', async () => {
    gateway.upstream.enqueue({
      kind: 'chat',
      stream: false,
      text: 'Plain answer.',
      usage: { prompt_tokens: 3, completion_tokens: 2 },
    })
    const client = new OpenAI({ apiKey: gateway.token, baseURL: `${gateway.url}/v1`, maxRetries: 0 })
    const response = await client.responses.create({ model: 'chat', input: 'hi' })
    expect(response.object).toBe('response')
    expect(response.output_text).toBe('Plain answer.')
    expect(response.usage?.total_tokens).toBe(5)
    expect(gateway.upstream.requests.at(-1)?.json).toMatchObject({ stream: false })
  })

  test('finish_reason "length" ends the stream with response.incomplete', async () => {
    gateway.upstream.enqueue({ kind: 'chat', text: 'cut off', finishReason: 'length' })
    const { events } = await streamEvents({ model: 'local', input })
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { incomplete_details: { reason: 'max_output_tokens' } },
    })
  })

  test('an upstream 429 before the stream is a 429 with retry-after passed through', async () => {
    gateway.upstream.enqueue({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { message: 'Too many requests' } },
    })
    const response = await postResponses({ model: 'chat', input, stream: true })
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('7')
    expect(await response.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } })
  })

  test('an upstream 5xx before the stream is a 502 with the upstream message', async () => {
    gateway.upstream.enqueue({ kind: 'status', status: 503, body: { error: { message: 'model is loading' } } })
    const response = await postResponses({ model: 'chat', input, stream: true })
    expect(response.status).toBe(502)
    expect(JSON.stringify(await response.json())).toContain('model is loading')
  })

  test('an upstream 401 that echoes the key is a 400 (Codex does not retry it) that never shows the key', async () => {
    gateway.upstream.enqueue({
      kind: 'status',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${SECRET}` } },
    })
    const response = await postResponses({ model: 'chat', input, stream: true })
    expect(response.status).toBe(400)
    const text = await response.text()
    expect(text).toContain('chat: the upstream rejected the API key (401): Incorrect API key provided')
    expect(text).not.toContain(SECRET)
  })

  test('a context overflow becomes response.failed with context_length_exceeded (what makes Codex compact)', async () => {
    gateway.upstream.enqueue({
      kind: 'status',
      status: 400,
      body: {
        error: { message: "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens." },
      },
    })
    const { response, events } = await streamEvents({ model: 'chat', input })
    expect(response.status).toBe(200)
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({
      type: 'response.failed',
      response: { error: { code: 'context_length_exceeded' } },
    })
  })

  test('an error chunk mid-stream becomes response.failed, never a silent success', async () => {
    gateway.upstream.enqueue({
      kind: 'sse',
      events: [
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'partial ' } }] })}`,
        `data: ${JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error' } })}`,
      ],
    })
    const { events } = await streamEvents({ model: 'chat', input })
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({
      type: 'response.failed',
      response: { error: { code: 'server_error', message: expect.stringContaining('upstream exploded') } },
    })
  })

  test('a stream cut mid-way ends with response.failed', async () => {
    gateway.upstream.enqueue({ kind: 'chat', text: 'this answer will be cut short', deltaSize: 3, cutAfterEvents: 4 })
    const { events } = await streamEvents({ model: 'chat', input })
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)?.type).toBe('response.failed')
  })

  test('an upstream that stalls mid-stream is timed out with response.failed', async () => {
    gateway.upstream.enqueue({ kind: 'chat', text: 'slow', deltaSize: 1, stallAfterEvents: { events: 2, ms: 10_000 } })
    const started = Date.now()
    const { events } = await streamEvents({ model: 'chat', input })
    expect(Date.now() - started).toBeLessThan(8000)
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({
      type: 'response.failed',
      response: { error: { message: expect.stringContaining('timed out') } },
    })
  })

  test('slow upstream headers: the stream starts with keepalives, then carries the answer', async () => {
    gateway.upstream.enqueue({ kind: 'chat', text: 'worth the wait', delayBeforeHeadersMs: 1200 })
    const response = await postResponses({ model: 'chat', input, stream: true })
    const text = await response.text()
    expect(text).toContain(': keepalive')
    const events = parseSseEvents(text)
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)?.type).toBe('response.completed')
  })

  test('a client that disconnects mid-stream makes the gateway close the upstream request', async () => {
    gateway.upstream.enqueue({ kind: 'chat', text: 'x'.repeat(200), deltaSize: 1, eventDelayMs: 20 })
    const controller = new AbortController()
    const response = await postResponses({ model: 'chat', input, stream: true }, controller.signal)
    const reader = response.body?.getReader()
    await reader?.read()
    const index = gateway.upstream.requests.length - 1
    controller.abort()
    await gateway.upstream.waitForClientClose(index, 5000)
    expect(gateway.upstream.requests[index]?.clientClosedEarly).toBe(true)
  })

  test('an unreachable upstream is a 502 that says so', async () => {
    const body = { model: 'chat', input, stream: true }
    await gateway.upstream.close()
    try {
      const response = await postResponses(body)
      expect(response.status).toBe(502)
      expect((await response.json()) as unknown).toMatchObject({ error: { code: 'upstream_unreachable' } })
    } finally {
      gateway.upstream = await (await import('../kit/mock-upstream')).startMockUpstream()
    }
  })
})
