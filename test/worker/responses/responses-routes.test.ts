import { afterEach, describe, expect, test, vi } from 'vitest'
import reasoningCall from '../../../../shared/fixtures/upstream-streams/responses/02-openai-responses-reasoning-summary-encrypted-function-call.jsonl?raw'
import type { SettingsSnapshot } from '../../../shared/host-protocol'
import { COMPACTION_REQUEST } from '../../../worker/canonical/compaction'
import { unpackReasoning } from '../../../worker/canonical/reasoning-envelope'
import { callGateway, errorOf, model } from '../helpers/gateway'
import { parseSseEvents, validateResponsesStream } from '../../kit/responses-stream-validator'
import { decodeAll, responsesWire } from './relay-replay'
import { sseResponse, stalledSse, stubUpstream } from './upstream-stub'

const luna = model({
  slug: 'luna',
  provider: 'responses',
  model: 'gpt-5.6-luna',
  baseUrl: 'https://upstream.test/v1',
  apiKey: 'oc-upstream-key-123',
  extraHeaders: { 'x-opencode-client': 'codex-shim' },
})
const snapshot: SettingsSnapshot = { ok: true, models: [luna], chatgptPassthrough: 'logged_out' }
const ping = 'event: ping\ndata: {"type":"ping","cost":"0.00012345"}\n\n'
const upstreamWire = responsesWire(reasoningCall)
const fixtureEvents = reasoningCall
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>)
const finalResponse = fixtureEvents.at(-1)?.response as Record<string, unknown>
const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

const post = (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  callGateway(path, {
    snapshot,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
const codexRequest = (extra: Record<string, unknown> = {}) => ({
  model: 'luna',
  stream: true,
  store: false,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'thread-1',
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'add 12 and 7' }] }],
  ...extra,
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe("Codex's door (/v1/responses) to a responses model", () => {
  test("the upstream's stream is relayed, the cost ping dropped; the upstream got Codex's request with the model's name and key", async () => {
    const upstream = stubUpstream(() => sseResponse(upstreamWire + ping))
    const response = await post('/v1/responses', codexRequest(), { 'x-codex-window-id': 'w1' })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const relayed = decodeAll(await response.text())
    expect(relayed).toEqual(decodeAll(upstreamWire))
    expect(upstream[0]?.url).toBe('https://upstream.test/v1/responses')
    expect(upstream[0]?.body).toEqual({ ...codexRequest(), model: 'gpt-5.6-luna' })
    expect(upstream[0]?.headers.get('authorization')).toBe('Bearer oc-upstream-key-123')
    expect(upstream[0]?.headers.get('x-opencode-client')).toBe('codex-shim')
    expect(upstream[0]?.headers.get('x-codex-window-id')).toBeNull()
  })

  test('the request log line names the relay and carries the upstream’s usage', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    stubUpstream(() => sseResponse(upstreamWire + ping))
    await (await post('/v1/responses', codexRequest())).text()
    await vi.waitFor(() =>
      expect(log.mock.calls.map(([line]) => String(line)).find((line) => line.includes('[request]'))).toBeDefined(),
    )
    const line = log.mock.calls.map(([line]) => String(line)).find((text) => text.includes('[request]'))
    expect(line).toMatch(/POST \/v1\/responses status=200 slug=luna route=responses-relay bytes=\d+ tokens=134\/28 /)
  })

  test('an HTML page (a base_url that points at a web site) is a 400 that says to check base_url', async () => {
    stubUpstream(
      () => new Response('<!doctype html><title>OpenCode</title>', { headers: { 'content-type': 'text/html' } }),
    )
    const response = await post('/v1/responses', codexRequest())
    expect(response.status).toBe(400)
    expect(await errorOf(response)).toMatchObject({
      code: 'upstream_unusable',
      message: expect.stringContaining('check base_url'),
    })
  })

  test('a JSON Response to a streaming request becomes the stream Codex accepts: each item added and done, then completed', async () => {
    stubUpstream(() => jsonResponse({ ...finalResponse, cost: '0.0001' }))
    const events = parseSseEvents(await (await post('/v1/responses', codexRequest())).text())
    expect(events.map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.done',
      'response.completed',
    ])
    expect(events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item)).toEqual(
      finalResponse.output,
    )
    expect(events.at(-1)?.response).toMatchObject({ id: finalResponse.id, usage: finalResponse.usage })
  })

  test('a non-streaming request gets one Response, its reasoning sealed as the upstream sealed it', async () => {
    stubUpstream(() => jsonResponse(finalResponse))
    const body = (await (await post('/v1/responses', codexRequest({ stream: false }))).json()) as {
      object: string
      output: Record<string, unknown>[]
      usage: unknown
    }
    expect(body.object).toBe('response')
    expect(body.output[0]?.encrypted_content).toBe(
      (finalResponse.output as Record<string, unknown>[])[0]?.encrypted_content,
    )
    expect(body.usage).toEqual(finalResponse.usage)
  })

  test.each([
    [
      401,
      { error: { message: 'model gpt-5.6-luna is not supported for format openai', type: 'ModelError' } },
      {},
      400,
      'upstream_rejected',
    ],
    [
      429,
      { error: { message: 'Rate limit exceeded', type: 'RateLimitError' } },
      { 'retry-after': '7' },
      429,
      'rate_limit_exceeded',
    ],
    [500, { error: { message: 'boom' } }, {}, 502, 'upstream_error'],
  ])('an upstream %i is a status Codex acts on', async (status, body, headers, expected, code) => {
    stubUpstream(() => jsonResponse(body, status, headers))
    const response = await post('/v1/responses', codexRequest())
    expect(response.status).toBe(expected)
    expect(await errorOf(response)).toMatchObject({ code, message: expect.stringContaining(body.error.message) })
    if (expected === 429) expect(response.headers.get('retry-after')).toBe('7')
  })

  test('a context overflow refused before the stream is a streamed context_length_exceeded, so Codex compacts', async () => {
    stubUpstream(() =>
      jsonResponse(
        {
          error: {
            message: 'Your input exceeds the context window of this model.',
            type: 'invalid_request_error',
            code: 'context_length_exceeded',
          },
        },
        400,
      ),
    )
    const events = parseSseEvents(await (await post('/v1/responses', codexRequest())).text())
    expect(events.map((event) => event.type)).toEqual(['response.failed'])
    expect(events[0]?.response).toMatchObject({ error: { code: 'context_length_exceeded' } })
  })

  test('a client that goes away aborts the upstream request', async () => {
    const upstream = stubUpstream((request) =>
      stalledSse(responsesWire(reasoningCall.split('\n')[0] ?? ''), request.signal),
    )
    const response = await post('/v1/responses', codexRequest())
    const reader = response.body?.getReader()
    await reader?.read()
    await reader?.cancel()
    await vi.waitFor(() => expect(upstream[0]?.signal?.aborted).toBe(true), { timeout: 5000 })
  })
})

describe('compaction for a responses model: our own summary, written by the model', () => {
  const history = [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'implement compact' }] },
    { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAAB-own' },
  ]
  const summaryAnswer = {
    id: 'resp_s',
    object: 'response',
    status: 'completed',
    output: [
      {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Task: keep implementing compact.' }],
      },
    ],
    usage: { input_tokens: 9, output_tokens: 2, total_tokens: 11 },
  }

  test('a request ending in compaction_trigger gets exactly one compaction item holding the summary', async () => {
    const upstream = stubUpstream(() => jsonResponse(summaryAnswer))
    const events = parseSseEvents(
      await (await post('/v1/responses', codexRequest({ input: [...history, { type: 'compaction_trigger' }] }))).text(),
    )
    expect(validateResponsesStream(events)).toEqual([])
    const items = events
      .filter((event) => event.type === 'response.output_item.done')
      .map((event) => event.item as Record<string, unknown>)
    expect(items).toHaveLength(1)
    expect(unpackReasoning(items[0]?.encrypted_content)?.state).toEqual({
      kind: 'compaction',
      summary: 'Task: keep implementing compact.',
    })
    const sent = upstream[0]?.body as { stream: boolean; store: boolean; input: Record<string, unknown>[] }
    expect(sent).toMatchObject({ model: 'gpt-5.6-luna', stream: false, store: false })
    expect(sent.input.slice(0, 2)).toEqual(history)
    expect(JSON.stringify(sent.input.at(-1))).toContain(COMPACTION_REQUEST.slice(0, 40))
  })

  test('/v1/responses/compact answers with the summary as the next window', async () => {
    stubUpstream(() => jsonResponse(summaryAnswer))
    const body = (await (await post('/v1/responses/compact', { model: 'luna', input: history })).json()) as {
      object: string
      output: unknown[]
      usage: unknown
    }
    expect(body.object).toBe('response.compaction')
    expect(JSON.stringify(body.output)).toContain('Task: keep implementing compact.')
  })
})

describe('the other doors reach a responses model through the hub', () => {
  const chatRequest = {
    model: 'luna',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'add 12 and 7' },
    ],
    tools: [{ type: 'function', function: { name: 'calculator', parameters: { type: 'object' } } }],
  }

  test('/v1/chat/completions streams chat chunks: reasoning, the tool call, usage on request, [DONE]', async () => {
    const upstream = stubUpstream(() => sseResponse(upstreamWire + ping))
    const text = await (
      await post('/v1/chat/completions', { ...chatRequest, stream: true, stream_options: { include_usage: true } })
    ).text()
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true)
    const chunks = text
      .split('\n\n')
      .filter((block) => block.startsWith('data: {'))
      .map(
        (block) =>
          JSON.parse(block.slice(6)) as {
            choices: { delta: Record<string, unknown>; finish_reason: string | null }[]
            usage?: Record<string, number>
          },
      )
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta))
    expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toContain('Calculating step-by-step')
    expect(deltas.flatMap((delta) => (delta.tool_calls as unknown[] | undefined) ?? [])).toEqual([
      {
        index: 0,
        id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn',
        type: 'function',
        function: { name: 'calculator', arguments: '{"a":12,"b":7,"op":"add"}' },
      },
    ])
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean)).toEqual([
      'tool_calls',
    ])
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 134, completion_tokens: 28 })
    expect(upstream[0]?.body).toMatchObject({
      model: 'gpt-5.6-luna',
      instructions: 'Be brief.',
      store: false,
      stream: true,
      tools: [{ type: 'function', name: 'calculator' }],
    })
  })

  test('/v1/chat/completions without a stream gets one chat.completion', async () => {
    stubUpstream(() =>
      jsonResponse({
        ...finalResponse,
        output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'It is 19.' }] }],
      }),
    )
    const body = (await (await post('/v1/chat/completions', chatRequest)).json()) as {
      object: string
      choices: { message: { content: string }; finish_reason: string }[]
    }
    expect(body).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { content: 'It is 19.' }, finish_reason: 'stop' }],
    })
  })

  test('/v1/messages streams Anthropic events: thinking signed with the upstream’s blob, then the tool_use', async () => {
    stubUpstream(() => sseResponse(upstreamWire + ping))
    const text = await (
      await post('/v1/messages', {
        model: 'luna',
        max_tokens: 1024,
        stream: true,
        messages: [{ role: 'user', content: 'add 12 and 7' }],
      })
    ).text()
    const events = decodeAll(text).map(
      (event) =>
        JSON.parse(event.data) as {
          type: string
          delta?: Record<string, unknown>
          content_block?: Record<string, unknown>
        },
    )
    expect(events[0]?.type).toBe('message_start')
    expect(events.at(-1)?.type).toBe('message_stop')
    const done = fixtureEvents.find((event) => event.type === 'response.output_item.done') as {
      item: { encrypted_content: string }
    }
    expect(events.find((event) => event.delta?.type === 'signature_delta')?.delta?.signature).toBe(
      done.item.encrypted_content,
    )
    expect(events.find((event) => event.content_block?.type === 'tool_use')?.content_block).toMatchObject({
      id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn',
      name: 'calculator',
    })
    expect(events.find((event) => event.type === 'message_delta')?.delta).toMatchObject({ stop_reason: 'tool_use' })
  })

  test('/v1/messages without a stream gets one Message; a failure upstream is an Anthropic-shaped error', async () => {
    stubUpstream((_request, index) =>
      index === 0
        ? jsonResponse({
            ...finalResponse,
            output: [{ type: 'message', content: [{ type: 'output_text', text: 'It is 19.' }] }],
          })
        : jsonResponse({ error: { message: 'bad key' } }, 401),
    )
    const message = await (
      await post('/v1/messages', { model: 'luna', max_tokens: 1024, messages: [{ role: 'user', content: 'add' }] })
    ).json()
    expect(message).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'It is 19.' }],
      stop_reason: 'end_turn',
    })
    const refused = await post('/v1/messages', {
      model: 'luna',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'add' }],
    })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({
      type: 'error',
      error: { message: expect.stringContaining('bad key') },
    })
  })
})
