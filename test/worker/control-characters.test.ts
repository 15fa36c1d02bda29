import { describe, expect, test } from 'vitest'
import type { ResolvedModel } from '../../shared/host-protocol'
import {
  cleanToolArguments,
  withCleanConversation,
  withoutControlCharacters,
} from '../../worker/canonical/control-characters'
import { walkConversation } from '../../worker/canonical/conversation-walker'
import { buildAnthropicRequest } from '../../worker/upstreams/anthropic/anthropic-request'
import { buildChatRequest } from '../../worker/upstreams/openai-chat/chat-request'
import { validateChatRequest } from '../kit/chat-request-validator'

/**
 * Issue 13: NUL and the other C0 controls strict providers refuse never reach an upstream (message text, tool
 * output with its terminal escapes, call ids), and tool arguments holding a raw control character are escaped,
 * not re-wrapped as `{"input": …}` (the original tool's own test: reference/peer-behavior.md §4.4).
 */
type Json = Record<string, unknown>
const kimi: ResolvedModel = {
  slug: 'kimi',
  model: 'kimi-k2',
  provider: 'generic-chat-completion-api',
  baseUrl: 'https://api.moonshot.example/v1',
  displayName: 'Kimi',
  noImageSupport: false,
  promptCache: true,
  extraHeaders: {},
  index: 0,
}
const claude: ResolvedModel = {
  ...kimi,
  slug: 'claude',
  model: 'claude-sonnet-4-5',
  provider: 'anthropic',
  baseUrl: 'https://api.anthropic.com/v1',
}
/** A control character as JSON.stringify writes it (`\u0000`), not an escaped backslash before one. */
const ESCAPED_CONTROL = /(?<!\\)\\u00(0[0-8bcef]|1[0-9a-f])/

const user = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] })
/** The original's test conversation: instructions, a developer message, two user messages and a call, each with a control character. */
const peerConversation = {
  model: 'kimi',
  instructions: 'System\x00one',
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'rules\x00two' }] },
    user('hi\x00'),
    user('again\x01'),
    { type: 'function_call', call_id: 'call\x000', name: 'tool', arguments: '{"x":"y\x00",\n"cmd":"echo a\nb"}' },
    {
      type: 'function_call_output',
      call_id: 'call\x000',
      output: '\x1b[31mFAIL\x1b[0m test.ts\x1b]0;title\x07 done\r\n',
    },
  ],
}

describe('to a chat upstream', () => {
  const payload = JSON.parse(buildChatRequest(structuredClone(peerConversation), kimi).body) as { messages: Json[] }

  test('text is cleaned and merged as the original tool did', () => {
    expect(payload.messages.slice(0, 2)).toEqual([
      { role: 'system', content: 'Systemone\n\nrulestwo' },
      { role: 'user', content: 'hi\n\nagain' },
    ])
    expect(validateChatRequest(payload)).toEqual([])
  })

  test('call ids lose the control character on the call and on its output alike', () => {
    expect(payload.messages[2]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'call0', function: { name: 'tool' } }],
    })
    expect(payload.messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call0' })
  })

  test('arguments with raw control characters stay the call\'s JSON, not wrapped in {"input": …}', () => {
    const args =
      (payload.messages[2]?.tool_calls as { function: { arguments: string } }[] | undefined)?.[0]?.function.arguments ??
      ''
    expect(args).toBe('{"x":"y",\n"cmd":"echo a\\nb"}')
    expect(JSON.parse(args)).toEqual({ x: 'y', cmd: 'echo a\nb' })
  })

  test('tool output loses its terminal escape sequences whole, keeping tabs, newlines and returns', () => {
    expect(payload.messages[3]?.content).toBe('FAIL test.ts done\r\n')
    expect(JSON.stringify(payload)).not.toMatch(ESCAPED_CONTROL)
  })
})

test('to an Anthropic upstream, the same conversation arrives clean through the same canonical step', () => {
  const sent = JSON.parse(buildAnthropicRequest(structuredClone(peerConversation), claude).body) as {
    system?: { text: string }[]
    messages: { content: Json[] }[]
  }
  const text = JSON.stringify(sent)
  expect(sent.system?.map((block) => block.text)).toEqual(['Systemone', 'rulestwo'])
  expect(text).not.toMatch(ESCAPED_CONTROL)
  const toolUse = sent.messages.flatMap((message) => message.content).find((block) => block.type === 'tool_use')
  expect(toolUse).toMatchObject({ id: 'call0', input: { x: 'y', cmd: 'echo a\nb' } })
  const toolResult = sent.messages.flatMap((message) => message.content).find((block) => block.type === 'tool_result')
  expect(toolResult).toMatchObject({ tool_use_id: 'call0' })
  expect(JSON.stringify(toolResult)).toContain('FAIL test.ts done\\r\\n')
})

describe('the cleaning functions', () => {
  test.each([
    ['NUL and friends go', 'a\x00b\x07c\x1fd', 'abcd'],
    ['tab, LF and CR stay', 'a\tb\nc\r\n', 'a\tb\nc\r\n'],
    ['a colour code goes whole', 'x \x1b[1;31merror\x1b[0m y', 'x error y'],
    ['an OSC title ending in ESC \\ goes whole', '\x1b]0;my title\x1b\\after', 'after'],
    ['DEL and non-ASCII are text', 'caf\u00e9 \x7f \u2028', 'caf\u00e9 \x7f \u2028'],
  ])('%s', (_name, text, expected) => {
    expect(withoutControlCharacters(text)).toBe(expected)
  })

  test.each([
    ['raw newline and tab in a string are escaped', '{"cmd":"echo a\nb\tc"}', '{"cmd":"echo a\\nb\\tc"}'],
    ['whitespace between tokens stays', '{\n  "a": 1\n}', '{\n  "a": 1\n}'],
    ['a control between tokens goes', '{"a":\x001}', '{"a":1}'],
    ['NUL and other controls in a string go', '{"a":"x\x00y\x1bz"}', '{"a":"xyz"}'],
    ['an escaped quote does not end the string', '{"a":"q\\"\n"}', '{"a":"q\\"\\n"}'],
  ])('arguments: %s', (_name, json, expected) => {
    const escaped = cleanToolArguments(json)
    expect(escaped).toBe(expected)
    expect(() => JSON.parse(escaped)).not.toThrow()
  })

  test('a message of only whitespace, controls or terminal codes is blank; a visible character after them is not', () => {
    const dropped: string[] = []
    const texts = ['\x1b[31m\x1b[0m', '\t\x00 \n', '\x1b[1m bold', ' \x07x', 'plain']
    walkConversation(undefined, texts.map(user), { origin: 'o', reasoningKind: 'chat', dropped }, () => undefined)
    expect(dropped).toEqual([
      'input[0]: a blank user message is not sent',
      'input[1]: a blank user message is not sent',
    ])
  })

  test('a clean conversation is returned as the very same objects (no copy on the hot path)', () => {
    const body = {
      model: 'm',
      instructions: 'be brief',
      input: [user('hi'), { type: 'function_call', call_id: 'c', name: 'f', arguments: '{\n}' }],
    }
    expect(withCleanConversation(body)).toBe(body)
    const dirty = { ...body, input: [...body.input, user('x\x00')] }
    const cleaned = withCleanConversation(dirty) as { input: unknown[] }
    expect(cleaned).not.toBe(dirty)
    expect(cleaned.input[0]).toBe(body.input[0])
    expect(cleaned.input[2]).toEqual(user('x'))
    expect(dirty.input[2]).toEqual(user('x\x00'))
  })
})
