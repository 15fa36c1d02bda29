import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { MockReply } from '../kit/mock-upstream'
import { parseSseEvents, validateResponsesStream } from '../kit/responses-stream-validator'

/**
 * Upstreams that refuse parts of a request we can do without, and long tool calls that leave nothing to write
 * while the client may already be gone.
 */
let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'strict-chat', slug: 'strict', provider: 'generic-chat-completion-api' },
      { model: 'small-claude', slug: 'small-claude', provider: 'anthropic', api_key: 'sk-ant-quirks' },
    ],
  })
})
afterAll(async () => {
  await gateway?.stop()
})
beforeEach(() => {
  gateway.upstream.handle(undefined)
  gateway.upstream.requests.length = 0
})

const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }]
const post = (body: Record<string, unknown>, signal?: AbortSignal) =>
  fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.authHeaders },
    body: JSON.stringify(body),
    signal,
  })
const sentJson = (index: number) => gateway.upstream.requests[index]?.json as Record<string, unknown>

describe('upstreams that refuse what they do not know', () => {
  test('a chat server that rejects stream_options gets the request again without it, once', async () => {
    gateway.upstream.enqueue(
      {
        kind: 'status',
        status: 400,
        body: {
          error: { message: 'Unrecognized request argument supplied: stream_options', type: 'invalid_request_error' },
        },
      },
      { kind: 'chat', text: 'Fine without usage.' },
    )
    const events = parseSseEvents(await (await post({ model: 'strict', input, stream: true })).text())
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)?.type).toBe('response.completed')
    expect(gateway.upstream.requests).toHaveLength(2)
    expect(sentJson(0)).toHaveProperty('stream_options')
    expect(sentJson(1)).not.toHaveProperty('stream_options')
  })

  test('pydantic-style servers (a detail array naming the field) count too', async () => {
    gateway.upstream.enqueue(
      {
        kind: 'status',
        status: 422,
        body: {
          detail: [{ loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }],
        },
      },
      { kind: 'chat', text: 'ok' },
    )
    const events = parseSseEvents(await (await post({ model: 'strict', input, stream: true })).text())
    expect(events.at(-1)?.type).toBe('response.completed')
    expect(gateway.upstream.requests).toHaveLength(2)
  })

  test('a second refusal is reported, not retried again', async () => {
    const refusal: MockReply = {
      kind: 'status',
      status: 400,
      body: { error: { message: 'stream_options is not supported', type: 'invalid_request_error' } },
    }
    gateway.upstream.enqueue(refusal, refusal)
    const response = await post({ model: 'strict', input, stream: true })
    expect(response.status).toBe(400)
    expect(gateway.upstream.requests).toHaveLength(2)
  })

  test('an Anthropic model with a lower output cap than 32000 gets the request again with its cap', async () => {
    gateway.upstream.enqueue(
      {
        kind: 'status',
        status: 400,
        body: {
          type: 'error',
          error: {
            type: 'invalid_request_error',
            message:
              'max_tokens: 32000 > 8192, which is the maximum allowed number of output tokens for small-claude-20241022',
          },
        },
      },
      { kind: 'anthropic', text: 'Answered within 8192.' },
    )
    const events = parseSseEvents(await (await post({ model: 'small-claude', input, stream: true })).text())
    expect(events.at(-1)?.type).toBe('response.completed')
    expect(gateway.upstream.requests.map((_, index) => sentJson(index).max_tokens)).toEqual([32000, 8192])
  })

  test('DeepSeek-style range messages ("the valid range of max_tokens is [1, 8192]") are understood as well', async () => {
    gateway.upstream.enqueue(
      {
        kind: 'status',
        status: 400,
        body: {
          error: {
            message: 'Invalid max_tokens value, the valid range of max_tokens is [1, 8192]',
            type: 'invalid_request_error',
          },
        },
      },
      { kind: 'anthropic', text: 'ok', stream: false },
    )
    const response = await post({ model: 'small-claude', input })
    expect(response.status).toBe(200)
    expect(gateway.upstream.requests.map((_, index) => sentJson(index).max_tokens)).toEqual([32000, 8192])
  })
})

describe('a client that leaves while a tool call is being buffered', () => {
  test.each([
    {
      slug: 'strict',
      reply: {
        kind: 'chat',
        toolCalls: [
          { id: 'call_long', name: 'exec_command', arguments: JSON.stringify({ cmd: `echo ${'x'.repeat(400)}` }) },
        ],
        deltaSize: 1,
        eventDelayMs: 20,
      },
    },
    {
      slug: 'small-claude',
      reply: {
        kind: 'anthropic',
        toolUses: [{ id: 'toolu_long', name: 'exec_command', input: { cmd: `echo ${'x'.repeat(400)}` } }],
        deltaSize: 1,
        eventDelayMs: 20,
      },
    },
  ] satisfies { slug: string; reply: MockReply }[])(
    '$slug: the upstream request is closed within a second or so, not when the call is complete',
    async ({ slug, reply }) => {
      gateway.upstream.enqueue(reply)
      const controller = new AbortController()
      const response = await post({ model: slug, input, stream: true }, controller.signal)
      const reader = response.body?.getReader()
      await reader?.read()
      await new Promise((resolve) => setTimeout(resolve, 300))
      const left = Date.now()
      controller.abort()
      await gateway.upstream.waitForClientClose(0, 2500)
      expect(Date.now() - left).toBeLessThan(2000)
    },
  )
})
