import { describe, expect, test } from 'vitest'
import { createResponsesStreamWriter } from '../../worker/canonical/responses-stream-writer'
import { anthropicAdapter } from '../../worker/upstreams/anthropic'
import type { AnthropicTranslationContext } from '../../worker/upstreams/anthropic/anthropic-context'
import { validateResponsesStream, type StreamEvent } from '../kit/responses-stream-validator'
import { chatContext, doneItems, translateChatWire, translateWire } from './helpers/replay'

/**
 * A call whose arguments do not parse is never emitted (issue 12): cut by the output limit, the response is
 * incomplete and says what to raise; malformed on a normal finish, it fails (a retry may get it right).
 */
const chunkings = [{ size: Infinity }, { size: 1 }, { size: 7 }]
const chunk = (delta: unknown, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
const callStart = (name: string, args: string) =>
  chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name, arguments: args } }] })
const anthropicEvent = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
const anthropicContext: AnthropicTranslationContext = {
  slug: 'claude',
  registry: new Map(),
  origin: 'f00dcafe',
  secrets: [],
  maxTokens: 8192,
}
const registry = new Map([['apply_patch', { kind: 'custom' as const, name: 'apply_patch' }]])

const callItems = (events: StreamEvent[]) =>
  doneItems(events).filter((item) => item.type !== 'message' && item.type !== 'reasoning')
const terminalOf = (events: StreamEvent[]) =>
  events.at(-1) as {
    type: string
    response: {
      incomplete_details?: { reason: string }
      error?: { code: string; message: string }
      output: { type: string }[]
    }
  }

describe.each(chunkings)('chat upstreams ($size-byte chunks)', ({ size }) => {
  test('finish_reason "length" inside a call: no function_call, an incomplete reason that names the limit and the fix', () => {
    const wire = [
      chunk({ content: 'Running it.' }),
      callStart('exec_command', '{"cmd":"echo this-is-cu'),
      chunk({}, 'length'),
      'data: [DONE]\n\n',
    ].join('')
    const events = translateChatWire(wire, size, chatContext({ slug: 'deepseek-chat', maxOutputTokens: 4096 }))
    expect(validateResponsesStream(events)).toEqual([])
    expect(callItems(events)).toEqual([])
    expect(terminalOf(events)).toMatchObject({ type: 'response.incomplete' })
    expect(terminalOf(events).response.incomplete_details?.reason).toBe(
      'max_output_tokens: deepseek-chat hit its output limit of 4096 tokens in the middle of a call to exec_command, so the call was dropped; raise max_output_tokens for deepseek-chat in models.json',
    )
  })

  test('a freeform patch cut by the limit is not sent to apply_patch as raw JSON', () => {
    const wire = [
      callStart('apply_patch', '{"input":"*** Begin Patch\\n*** Add File: a.txt\\n+hel'),
      chunk({}, 'length'),
      'data: [DONE]\n\n',
    ].join('')
    const events = translateChatWire(wire, size, chatContext({ registry }))
    expect(callItems(events)).toEqual([])
    expect(terminalOf(events).response.incomplete_details?.reason).toMatch(/^max_output_tokens: .*call to apply_patch/)
  })

  test('a call with broken arguments on a normal finish fails, without the call', () => {
    const wire = [callStart('exec_command', '{"cmd": "ls" oops'), chunk({}, 'tool_calls'), 'data: [DONE]\n\n'].join('')
    const events = translateChatWire(wire, size)
    expect(validateResponsesStream(events)).toEqual([])
    expect(callItems(events)).toEqual([])
    expect(terminalOf(events).response.error).toMatchObject({
      code: 'server_error',
      message: expect.stringContaining('exec_command whose arguments are not valid JSON'),
    })
  })

  test('complete calls before the limit are kept; bare freeform text is still taken at its word', () => {
    const wire = [
      callStart('apply_patch', '*** Begin Patch\n*** End Patch'),
      chunk({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ].join('')
    const events = translateChatWire(wire, size, chatContext({ registry }))
    expect(callItems(events)).toEqual([
      expect.objectContaining({ type: 'custom_tool_call', input: '*** Begin Patch\n*** End Patch' }),
    ])
    expect(terminalOf(events).type).toBe('response.completed')
  })
})

describe.each(chunkings)('Anthropic upstreams ($size-byte chunks)', ({ size }) => {
  const start = anthropicEvent('message_start', { message: { usage: { input_tokens: 5, output_tokens: 1 } } })

  test('stop_reason max_tokens inside a tool_use: no function_call, an incomplete reason with the limit', () => {
    const wire =
      start +
      anthropicEvent('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'exec_command', input: {} },
      }) +
      anthropicEvent('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"cmd":"echo hal' },
      }) +
      anthropicEvent('content_block_stop', { index: 0 }) +
      anthropicEvent('message_delta', { delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 8192 } }) +
      anthropicEvent('message_stop', {})
    const events = translateWire(anthropicAdapter, anthropicContext, wire, size)
    expect(validateResponsesStream(events)).toEqual([])
    expect(callItems(events)).toEqual([])
    expect(terminalOf(events).response.incomplete_details?.reason).toMatch(
      /^max_output_tokens: claude hit its output limit of 8192 tokens in the middle of a call to exec_command/,
    )
  })

  test('a malformed tool_use input on end_turn fails', () => {
    const wire =
      start +
      anthropicEvent('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'exec_command', input: {} },
      }) +
      anthropicEvent('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"cmd":' },
      }) +
      anthropicEvent('content_block_stop', { index: 0 }) +
      anthropicEvent('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } }) +
      anthropicEvent('message_stop', {})
    const events = translateWire(anthropicAdapter, anthropicContext, wire, size)
    expect(callItems(events)).toEqual([])
    expect(terminalOf(events).response.error?.code).toBe('server_error')
  })
})

test('an Anthropic error body without content keeps the upstream’s message and kind', () => {
  const writer = createResponsesStreamWriter({ model: 'claude', emit: () => undefined })
  anthropicAdapter
    .createTranslator(anthropicContext, writer)
    .onCompletion({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } })
  expect(writer.finalResponse()).toMatchObject({
    status: 'failed',
    error: { code: 'invalid_prompt', message: 'claude: the upstream rejected the API key (401): invalid x-api-key' },
  })
})
