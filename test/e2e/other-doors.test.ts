import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { RecordedRequest } from '../kit/mock-upstream'
import { parseSse, validateAnthropicStream, validateChatStream } from '../kit/other-stream-validators'
import type { ParsedTree } from '../kit/parsed-tree'

const SECRET = 'sk-doors-secret-31'
let gateway: GatewayHarness
let anthropic: Anthropic
let openai: OpenAI

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'upstream-chat', slug: 'chatty', provider: 'openai', api_key: SECRET },
      { model: 'upstream-claude', slug: 'claude', provider: 'anthropic', api_key: SECRET },
    ],
  })
  anthropic = new Anthropic({ apiKey: gateway.token, baseURL: gateway.url, maxRetries: 0 })
  openai = new OpenAI({ apiKey: gateway.token, baseURL: `${gateway.url}/v1`, maxRetries: 0 })
})
afterAll(async () => {
  await gateway?.stop()
})
beforeEach(() => {
  gateway.upstream.handle(undefined)
  gateway.upstream.requests.length = 0
})

const lastJson = () => gateway.upstream.requests.at(-1)?.json as ParsedTree
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
}
const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

async function rawPost(path: string, body: unknown): Promise<string> {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.authHeaders },
    body: JSON.stringify(body),
  })
  return response.text()
}

describe('POST /v1/messages for a chat-completions model (translated)', () => {
  test('the Anthropic SDK streams thinking, text, a tool_use and usage; finalMessage matches the upstream', async () => {
    gateway.upstream.enqueue({
      kind: 'chat',
      reasoning: 'Need the weather.',
      text: 'Checking.',
      toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
      usage: { prompt_tokens: 40, completion_tokens: 12, prompt_tokens_details: { cached_tokens: 30 } },
    })
    const stream = anthropic.messages.stream({
      model: 'chatty',
      max_tokens: 1000,
      tools: [weatherTool],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in Oslo?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: tinyPng } },
          ],
        },
      ],
    })
    const message = await stream.finalMessage()
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use'])
    expect(message.content[0]).toMatchObject({
      type: 'thinking',
      thinking: 'Need the weather.',
      signature: expect.stringMatching(/^cxs1\./),
    })
    expect(message.content[1]).toMatchObject({ type: 'text', text: 'Checking.' })
    expect(message.content[2]).toMatchObject({
      type: 'tool_use',
      id: 'call_w1',
      name: 'get_weather',
      input: { city: 'Oslo' },
    })
    expect(message.stop_reason).toBe('tool_use')
    expect(message.usage).toMatchObject({ input_tokens: 10, cache_read_input_tokens: 30, output_tokens: 12 })
    const sent = lastJson()
    expect(sent.model).toBe('upstream-chat')
    expect(JSON.stringify(sent.messages)).toContain(`data:image/png;base64,${tinyPng}`)
    expect(sent.tools[0]).toMatchObject({ type: 'function', function: { name: 'get_weather' } })

    // Turn 2: the tool result goes back as a tool message, with DeepSeek-style reasoning restored from the signature.
    gateway.upstream.enqueue({
      kind: 'chat',
      text: 'It is sunny in Oslo.',
      usage: { prompt_tokens: 60, completion_tokens: 7 },
    })
    const turn2 = await anthropic.messages.create({
      model: 'chatty',
      max_tokens: 1000,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: message.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_w1', content: 'sunny, 21°C' }] },
      ],
    })
    expect(turn2.content).toEqual([{ type: 'text', text: 'It is sunny in Oslo.' }])
    const turn2Messages = lastJson().messages as {
      role: string
      content: unknown
      tool_call_id?: string
      reasoning_content?: string
    }[]
    expect(turn2Messages.find((entry) => entry.role === 'tool')).toMatchObject({
      tool_call_id: 'call_w1',
      content: 'sunny, 21°C',
    })
    expect(turn2Messages.find((entry) => entry.role === 'assistant')?.reasoning_content).toBe('Need the weather.')
  })

  test('the translated stream follows Anthropic’s event grammar', async () => {
    gateway.upstream.enqueue({
      kind: 'chat',
      reasoning: 'r',
      text: 'Hello',
      toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{}' }],
    })
    const text = await rawPost('/v1/messages', {
      model: 'chatty',
      max_tokens: 100,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(validateAnthropicStream(parseSse(text))).toEqual([])
  })

  test('an upstream 429 reaches the SDK as a RateLimitError; a mid-stream failure as an APIError', async () => {
    gateway.upstream.enqueue({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '3' },
      body: { error: { message: 'slow down' } },
    })
    await expect(
      anthropic.messages.create({ model: 'chatty', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(Anthropic.RateLimitError)
    gateway.upstream.enqueue({
      kind: 'sse',
      events: [
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'par' } }] })}`,
        `data: ${JSON.stringify({ error: { message: 'boom mid-stream' } })}`,
      ],
    })
    const stream = anthropic.messages.stream({
      model: 'chatty',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    })
    await expect(stream.finalMessage()).rejects.toThrow(/boom mid-stream/)
  })

  test('an unknown model is an Anthropic-shaped 404 (NotFoundError)', async () => {
    await expect(
      anthropic.messages.create({ model: 'nope', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(Anthropic.NotFoundError)
  })

  test('count_tokens gives an estimate marked as one', async () => {
    const response = await fetch(`${gateway.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gateway.authHeaders },
      body: JSON.stringify({ model: 'chatty', messages: [{ role: 'user', content: 'x'.repeat(400) }] }),
    })
    expect(response.headers.get('x-codex-shim-token-count')).toBe('estimate')
    expect(((await response.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(90)
  })
})

describe('POST /v1/messages for an Anthropic model (passthrough)', () => {
  test('the request goes on with the configured model and key; the SDK gets the upstream’s message', async () => {
    gateway.upstream.enqueue({
      kind: 'anthropic',
      thinking: { text: 'hmm', signature: 'sig-real' },
      text: 'From Claude.',
      toolUses: [{ id: 'toolu_1', name: 'get_weather', input: { city: 'Rome' } }],
      usage: { input_tokens: 5, output_tokens: 9 },
    })
    const message = await anthropic.messages
      .stream({ model: 'claude', max_tokens: 100, tools: [weatherTool], messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage()
    expect(message.content).toEqual(
      [
        { type: 'thinking', thinking: 'hmm', signature: 'sig-real' },
        { type: 'text', text: 'From Claude.', citations: null },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Rome' } },
      ].map((block) =>
        block.type === 'text' ? expect.objectContaining({ type: 'text', text: 'From Claude.' }) : block,
      ),
    )
    const seen = gateway.upstream.requests.at(-1) as RecordedRequest
    expect(seen.path).toBe('/v1/messages')
    expect(seen.headers['x-api-key']).toBe(SECRET)
    expect((seen.json as { model: string }).model).toBe('upstream-claude')
  })

  test('count_tokens is passed through', async () => {
    gateway.upstream.enqueue({ kind: 'json', body: { input_tokens: 42 } })
    const counted = await anthropic.messages.countTokens({
      model: 'claude',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(counted.input_tokens).toBe(42)
    expect(gateway.upstream.requests.at(-1)?.path).toBe('/v1/messages/count_tokens')
  })
})

describe('POST /v1/chat/completions', () => {
  test('chat model: passthrough with model and key swapped, nothing else touched (stream and not)', async () => {
    gateway.upstream.enqueue({
      kind: 'chat',
      stream: false,
      text: 'plain',
      toolCalls: [{ id: 'c9', name: 'f', arguments: '{}' }],
    })
    const completion = await openai.chat.completions.create({
      model: 'chatty',
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
      temperature: 0.3,
    })
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({ id: 'c9' })
    expect(lastJson()).toMatchObject({
      model: 'upstream-chat',
      temperature: 0.3,
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
    })
    expect(gateway.upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`)

    gateway.upstream.enqueue({ kind: 'chat', text: 'streamed' })
    const stream = await openai.chat.completions.create({
      model: 'chatty',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toBe('streamed')
  })

  test('Anthropic model, not streaming: a tool call round trip with usage', async () => {
    gateway.upstream.enqueue({
      kind: 'anthropic',
      text: 'Let me check.',
      toolUses: [{ id: 'toolu_9', name: 'get_weather', input: { city: 'Paris' } }],
      usage: { input_tokens: 20, cache_read_input_tokens: 100, output_tokens: 8 },
    })
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ]
    const first = await openai.chat.completions.create({
      model: 'claude',
      tools,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    })
    expect(first.choices[0]?.finish_reason).toBe('tool_calls')
    expect(first.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      id: 'toolu_9',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    })
    expect(first.usage).toMatchObject({
      prompt_tokens: 120,
      completion_tokens: 8,
      prompt_tokens_details: { cached_tokens: 100 },
    })

    gateway.upstream.enqueue({ kind: 'anthropic', text: 'Rainy in Paris.' })
    const second = await openai.chat.completions.create({
      model: 'claude',
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        first.choices[0]?.message as OpenAI.ChatCompletionMessageParam,
        { role: 'tool', tool_call_id: 'toolu_9', content: 'rain' },
      ],
    })
    expect(second.choices[0]?.message.content).toBe('Rainy in Paris.')
    const sent = lastJson() as {
      model: string
      messages: { role: string; content: { type: string; tool_use_id?: string; id?: string }[] }[]
    }
    expect(sent.model).toBe('upstream-claude')
    expect(sent.messages[1]?.content.find((block) => block.type === 'tool_use')?.id).toBe('toolu_9')
    expect(sent.messages[2]?.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_9' })
  })

  test('Anthropic model, streaming: text, tool call and usage through a valid chunk stream', async () => {
    gateway.upstream.enqueue({
      kind: 'anthropic',
      text: 'Streaming.',
      toolUses: [{ id: 'toolu_s', name: 'get_weather', input: { city: 'Lima' } }],
      usage: { input_tokens: 3, output_tokens: 4 },
    })
    const stream = await openai.chat.completions.create({
      model: 'claude',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    })
    let text = ''
    const calls: string[] = []
    let usage: unknown
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) calls.push(`${call.id}:${call.function?.arguments}`)
      if (chunk.usage) usage = chunk.usage
    }
    expect(text).toBe('Streaming.')
    expect(calls).toEqual(['toolu_s:{"city":"Lima"}'])
    expect(usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 })
    gateway.upstream.enqueue({
      kind: 'anthropic',
      text: 'again',
      toolUses: [{ id: 'toolu_t', name: 'get_weather', input: {} }],
    })
    expect(
      validateChatStream(
        parseSse(
          await rawPost('/v1/chat/completions', {
            model: 'claude',
            stream: true,
            messages: [{ role: 'user', content: 'hi' }],
          }),
        ),
      ),
    ).toEqual([])
  })

  test('upstream failures reach the openai SDK as its error classes', async () => {
    gateway.upstream.enqueue({
      kind: 'status',
      status: 429,
      body: { type: 'error', error: { type: 'rate_limit_error', message: 'slow' } },
    })
    await expect(
      openai.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError)
    gateway.upstream.enqueue({
      kind: 'sse',
      events: [
        'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":1}}}',
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded now"}}',
      ],
    })
    const stream = await openai.chat.completions.create({
      model: 'claude',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    })
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow(/Overloaded now/)
  })
})
