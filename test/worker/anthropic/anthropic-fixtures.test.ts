import { describe, expect, test } from 'vitest'
import textFixture from '../../../../shared/fixtures/upstream-streams/anthropic/19-anthropic-text.jsonl?raw'
import thinkingFixture from '../../../../shared/fixtures/upstream-streams/anthropic/20-anthropic-thinking-signature-text.jsonl?raw'
import toolNoArgsFixture from '../../../../shared/fixtures/upstream-streams/anthropic/21-anthropic-text-then-tool-use-no-args.jsonl?raw'
import { unpackReasoning } from '../../../worker/canonical/reasoning-envelope'
import { createResponsesStreamWriter } from '../../../worker/canonical/responses-stream-writer'
import { anthropicAdapter } from '../../../worker/upstreams/anthropic'
import type { AnthropicTranslationContext } from '../../../worker/upstreams/anthropic/anthropic-context'
import { validateResponsesStream } from '../../kit/responses-stream-validator'
import { anthropicWireText, doneItems, terminalResponse, translateWire } from '../helpers/replay'

const context: AnthropicTranslationContext = {
  slug: 'claude',
  registry: new Map(),
  origin: 'f00dcafe',
  secrets: [],
  maxTokens: 32000,
}
const chunkings = [{ size: Infinity }, { size: 1 }, { size: 7 }]

function replay(fixture: string, size: number) {
  const events = translateWire(anthropicAdapter, context, anthropicWireText(fixture), size)
  expect(validateResponsesStream(events)).toEqual([])
  return { events, items: doneItems(events), response: terminalResponse(events) }
}

describe.each(chunkings)('recorded Anthropic streams ($size-byte chunks)', ({ size }) => {
  test('text with pings between events, usage from message_start and message_delta (19)', () => {
    const { items, response } = replay(textFixture, size)
    expect(items.map((item) => item.type)).toEqual(['message'])
    expect(response.status).toBe('completed')
    // message_start says 12 in, 1 out; message_delta's cumulative usage says 30 out: the later count wins.
    expect(response.usage).toEqual({
      input_tokens: 12,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 30,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 42,
    })
  })

  test('a signed thinking block becomes a reasoning item holding the block byte-exact (20)', () => {
    const { items, response } = replay(thinkingFixture, size)
    expect(items.map((item) => item.type)).toEqual(['reasoning', 'message'])
    const summary = (items[0]?.summary as { text: string }[] | undefined)?.[0]?.text ?? ''
    expect(summary.startsWith('The previous result was 925.')).toBe(true)
    const envelope = unpackReasoning(items[0]?.encrypted_content)
    expect(envelope?.origin).toBe('f00dcafe')
    expect(envelope?.state).toEqual({
      kind: 'anthropic',
      blocks: [
        { type: 'thinking', thinking: summary, signature: expect.stringMatching(/^EvQBCkYICxgCKkAxhD4NUKFz.*BgB$/) },
      ],
    })
    expect(response.usage).toMatchObject({ input_tokens: 69, output_tokens: 53, total_tokens: 122 })
  })

  test('a tool_use with no arguments and a single empty partial_json gets "{}" (21)', () => {
    const { items } = replay(toolNoArgsFixture, size)
    expect(items.map((item) => item.type)).toEqual(['message', 'function_call'])
    expect(items[1]).toMatchObject({ arguments: '{}', status: 'completed' })
    expect(String(items[1]?.call_id)).toMatch(/^toolu_/)
  })
})

describe('Anthropic stream endings', () => {
  const event = (type: string, data: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
  const start = event('message_start', {
    message: {
      usage: { input_tokens: 10, cache_read_input_tokens: 90, cache_creation_input_tokens: 5, output_tokens: 1 },
    },
  })

  test('stop_reason max_tokens ends with response.incomplete', () => {
    const wire =
      start +
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'cut' } }) +
      event('content_block_stop', { index: 0 }) +
      event('message_delta', { delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 40 } }) +
      event('message_stop', {})
    const events = translateWire(anthropicAdapter, context, wire, Infinity)
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { incomplete_details: { reason: 'max_output_tokens' } },
    })
  })

  test('usage counts cache reads and writes as input, with cache reads as cached tokens', () => {
    const wire =
      start +
      event('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } }) +
      event('message_stop', {})
    const response = terminalResponse(translateWire(anthropicAdapter, context, wire, Infinity))
    expect(response.usage).toEqual({
      input_tokens: 105,
      input_tokens_details: { cached_tokens: 90 },
      output_tokens: 7,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 112,
    })
  })

  test('an overloaded_error event mid-stream is a retryable response.failed', () => {
    const wire = start + event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } })
    const events = translateWire(anthropicAdapter, context, wire, Infinity)
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({
      type: 'response.failed',
      response: { error: { code: 'rate_limit_exceeded', message: expect.stringContaining('Overloaded') } },
    })
  })

  test('a body that ends before message_stop is a failure, not a success', () => {
    const wire = start + event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })
    expect(translateWire(anthropicAdapter, context, wire, Infinity).at(-1)?.type).toBe('response.failed')
  })

  test('a redacted_thinking block is kept for the next turn', () => {
    const wire =
      start +
      event('content_block_start', { index: 0, content_block: { type: 'redacted_thinking', data: 'opaque==' } }) +
      event('content_block_stop', { index: 0 }) +
      event('message_delta', { delta: { stop_reason: 'end_turn' }, usage: {} }) +
      event('message_stop', {})
    const items = doneItems(translateWire(anthropicAdapter, context, wire, Infinity))
    expect(unpackReasoning(items[0]?.encrypted_content)?.state).toEqual({
      kind: 'anthropic',
      blocks: [{ type: 'redacted_thinking', data: 'opaque==' }],
    })
  })
})

test('a complete (non-streaming) Message keeps its signed thinking, text, tool call and usage', () => {
  const events: Record<string, unknown>[] = []
  const writer = createResponsesStreamWriter({ model: 'claude', emit: (event) => events.push(event) })
  anthropicAdapter.createTranslator(context, writer).onCompletion({
    type: 'message',
    content: [
      { type: 'thinking', thinking: 'Plan first.', signature: 'sig-xyz' },
      { type: 'text', text: 'Answer.' },
      { type: 'tool_use', id: 'toolu_n', name: 'run', input: { a: 1 } },
    ],
    stop_reason: 'tool_use',
    usage: { input_tokens: 4, cache_read_input_tokens: 6, output_tokens: 3 },
  })
  const response = writer.finalResponse() as unknown as {
    status: string
    output: Record<string, unknown>[]
    usage: Record<string, unknown>
  }
  expect(response.status).toBe('completed')
  expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call'])
  expect(unpackReasoning(response.output[0]?.encrypted_content)?.state).toEqual({
    kind: 'anthropic',
    blocks: [{ type: 'thinking', thinking: 'Plan first.', signature: 'sig-xyz' }],
  })
  expect(response.output[2]).toMatchObject({ call_id: 'toolu_n', arguments: '{"a":1}' })
  expect(response.usage).toMatchObject({
    input_tokens: 10,
    input_tokens_details: { cached_tokens: 6 },
    output_tokens: 3,
  })
})
