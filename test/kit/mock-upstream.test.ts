import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startMockUpstream, type MockUpstream } from './mock-upstream'

let upstream: MockUpstream
beforeEach(async () => {
  upstream = await startMockUpstream()
})
afterEach(async () => {
  await upstream.close()
})

function dataPayloads(sse: string): unknown[] {
  return sse
    .split('\n\n')
    .flatMap((block) =>
      block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6)),
    )
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as unknown)
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${upstream.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

describe('mock upstream', () => {
  test('streams a chat completion whose deltas rebuild the text, tool call and usage', async () => {
    upstream.enqueue({
      kind: 'chat',
      reasoning: 'think first',
      text: 'Hello there, world',
      toolCalls: [{ id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls -la"}' }],
      usage: { prompt_tokens: 12, completion_tokens: 7 },
    })
    const response = await post('/v1/chat/completions', { model: 'm', stream: true })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const text = await response.text()
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true)
    const chunks = dataPayloads(text) as {
      choices: { delta: Record<string, unknown>; finish_reason: string | null }[]
      usage?: { total_tokens: number }
    }[]
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta))
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe('Hello there, world')
    expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toBe('think first')
    const args = deltas
      .flatMap((delta) => (delta.tool_calls as { function: { arguments?: string } }[] | undefined) ?? [])
      .map((call) => call.function.arguments ?? '')
    expect(args.join('')).toBe('{"cmd":"ls -la"}')
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(19)
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean)).toEqual([
      'tool_calls',
    ])
  })

  test('answers a non-streaming chat completion as one JSON body', async () => {
    upstream.enqueue({ kind: 'chat', stream: false, text: 'done' })
    const body = (await (await post('/v1/chat/completions', { model: 'm' })).json()) as {
      choices: { message: { content: string } }[]
    }
    expect(body.choices[0]?.message.content).toBe('done')
  })

  test('streams Anthropic Messages events with thinking, text and a tool use', async () => {
    upstream.enqueue({
      kind: 'anthropic',
      thinking: { text: 'hmm', signature: 'sig-abc' },
      text: 'ok',
      toolUses: [{ id: 'toolu_1', name: 'run', input: { a: 1 } }],
    })
    const events = dataPayloads(await (await post('/v1/messages', { model: 'c' })).text()) as {
      type: string
      delta?: Record<string, string>
    }[]
    expect(events[0]?.type).toBe('message_start')
    expect(events.at(-1)?.type).toBe('message_stop')
    expect(events.some((event) => event.delta?.signature === 'sig-abc')).toBe(true)
    const json = events
      .filter((event) => event.delta?.type === 'input_json_delta')
      .map((event) => event.delta?.partial_json)
      .join('')
    expect(JSON.parse(json)).toEqual({ a: 1 })
  })

  test('answers a non-streaming Anthropic Message', async () => {
    upstream.enqueue({ kind: 'anthropic', stream: false, text: 'hi', stopReason: 'max_tokens' })
    expect(await (await post('/v1/messages', {})).json()).toMatchObject({
      type: 'message',
      stop_reason: 'max_tokens',
      content: [{ type: 'text', text: 'hi' }],
    })
  })

  test('streams a Responses answer whose items, usage and trailing cost ping look like OpenCode Go’s', async () => {
    upstream.enqueue({
      kind: 'responses',
      reasoning: { summary: 'plan it', encryptedContent: 'gAAAA-opaque' },
      text: 'Hello there',
      toolCalls: [{ callId: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' }],
      usage: { input_tokens: 12, output_tokens: 7 },
      costPing: '0.0001',
    })
    const events = dataPayloads(await (await post('/v1/responses', { model: 'r', stream: true })).text()) as {
      type: string
      delta?: string
      item?: Record<string, unknown>
      response?: { output: unknown[]; usage: { total_tokens: number } }
    }[]
    expect(
      events
        .map((event) => event.type)
        .filter((type) => !type.includes('delta') && !type.includes('part') && !type.endsWith('.done')),
    ).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.output_item.added',
      'response.output_item.added',
      'response.completed',
      'ping',
    ])
    expect(
      events
        .filter((event) => event.type === 'response.output_text.delta')
        .map((event) => event.delta)
        .join(''),
    ).toBe('Hello there')
    const done = events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item)
    expect(done.map((item) => item?.type)).toEqual(['reasoning', 'message', 'function_call'])
    expect(done[0]?.encrypted_content).toBe('gAAAA-opaque')
    const completed = events.find((event) => event.type === 'response.completed')
    expect(completed?.response?.output).toEqual(done)
    expect(completed?.response?.usage.total_tokens).toBe(19)
  })

  test('answers a non-streaming Responses request as one Response', async () => {
    upstream.enqueue({ kind: 'responses', text: 'done', status: 'incomplete' })
    expect(await (await post('/v1/responses', { stream: false })).json()).toMatchObject({
      object: 'response',
      status: 'incomplete',
      output: [{ type: 'message', content: [{ text: 'done' }] }],
    })
  })

  test.each([
    ['chat/13-mistral-chat-tool-call-no-index.jsonl', '[DONE]'],
    ['chat/17-gemini-vertex-openai-compat-parallel-tool-calls-thought-signature.sse', 'thought_signature'],
    ['anthropic/21-anthropic-text-then-tool-use-no-args.jsonl', 'event: message_stop'],
  ])('replays the recorded stream %s', async (path, marker) => {
    upstream.enqueue({ kind: 'fixture', path, chunkSize: 7 })
    const text = await (await post('/v1/chat/completions', {})).text()
    expect(text).toContain(marker)
    expect(dataPayloads(text).length).toBeGreaterThan(1)
  })

  test('injects status faults with their headers', async () => {
    upstream.enqueue({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '3' },
      body: { error: { message: 'slow down' } },
    })
    const response = await post('/v1/chat/completions', {})
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('3')
  })

  test('cuts a stream mid-way without a terminator', async () => {
    upstream.enqueue({ kind: 'chat', text: 'a long answer that never ends properly', deltaSize: 2, cutAfterEvents: 3 })
    const response = await post('/v1/chat/completions', {})
    await expect(response.text()).rejects.toThrow()
  })

  test('stalls mid-stream until the client gives up', async () => {
    upstream.enqueue({ kind: 'chat', text: 'abcdef', deltaSize: 1, stallAfterEvents: { events: 2, ms: 5000 } })
    const response = await post('/v1/chat/completions', {}, {})
    const reader = response.body?.getReader()
    const first = await reader?.read()
    expect(first?.done).toBe(false)
    const timedOut = await Promise.race([
      reader
        ?.read()
        .then(() => reader.read())
        .then(() => reader.read()),
      new Promise((resolve) => setTimeout(() => resolve('stalled'), 300)),
    ])
    expect(timedOut).toBe('stalled')
    await reader?.cancel()
    await upstream.waitForClientClose(0)
    expect(upstream.requests[0]?.clientClosedEarly).toBe(true)
  })

  test('records method, path, headers and JSON body of every request', async () => {
    upstream.enqueue({ kind: 'chat', stream: false, text: 'x' }, { kind: 'chat', stream: false, text: 'y' })
    await post('/v1/chat/completions', { model: 'one' }, { authorization: 'Bearer k1' })
    await post('/v1/chat/completions', { model: 'two' })
    expect(
      upstream.requests.map((request) => [request.method, request.path, (request.json as { model: string }).model]),
    ).toEqual([
      ['POST', '/v1/chat/completions', 'one'],
      ['POST', '/v1/chat/completions', 'two'],
    ])
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer k1')
  })

  test('a handler can decide replies from the request', async () => {
    upstream.handle((request) => ({
      kind: 'chat',
      stream: false,
      text: `echo ${(request.json as { model: string }).model}`,
    }))
    const body = (await (await post('/v1/chat/completions', { model: 'zz' })).json()) as {
      choices: { message: { content: string } }[]
    }
    expect(body.choices[0]?.message.content).toBe('echo zz')
  })

  test('an unscripted request gets a 500 that says so', async () => {
    const response = await post('/x', {})
    expect(response.status).toBe(500)
    expect(await response.text()).toContain('no scripted reply')
  })
})
