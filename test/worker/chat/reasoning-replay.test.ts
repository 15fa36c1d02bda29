import { describe, expect, test } from 'vitest'
import deepseekReasoning from '../../../../shared/fixtures/upstream-streams/chat/09-deepseek-chat-reasoning-content-tool-call.jsonl?raw'
import magistralArray from '../../../../shared/fixtures/upstream-streams/chat/14-mistral-magistral-content-array.jsonl?raw'
import type { ResolvedModel } from '../../../shared/host-protocol'
import { unpackReasoning, upstreamOrigin } from '../../../worker/canonical/reasoning-envelope'
import { buildChatRequest } from '../../../worker/upstreams/openai-chat/chat-request'
import { validateChatRequest } from '../../kit/chat-request-validator'
import { validateResponsesStream } from '../../kit/responses-stream-validator'
import { chatContext, chatWireText, doneItems, translateChatWire } from '../helpers/replay'

/**
 * Issue 13: reasoning goes back in the field it came in, only on tool-call turns, and only where the upstream
 * wants it (wire-formats.md §5 rows 1, 4, 12, 13): Mistral answers 422 to a `reasoning_content` it never sent,
 * Groq 400 to unknown message fields, DeepSeek 400 to a tool-call turn without its `reasoning_content`.
 */
type Message = {
  role: string
  content: unknown
  tool_calls?: unknown[]
  reasoning_content?: unknown
  reasoning?: unknown
  reasoning_details?: unknown
}

const model: ResolvedModel = {
  slug: 'reasoner',
  model: 'reasoner-v1',
  provider: 'generic-chat-completion-api',
  baseUrl: 'https://reasoner.example/v1',
  displayName: 'Reasoner',
  noImageSupport: false,
  promptCache: true,
  extraHeaders: {},
  index: 0,
}
const context = chatContext({
  origin: upstreamOrigin(model.provider, model.baseUrl),
  registry: new Map([['weather', { kind: 'function' as const, name: 'weather' }]]),
})
const chunk = (delta: unknown, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
const call = {
  tool_calls: [
    { index: 0, id: 'call_w', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
  ],
}
const wire = (...chunks: string[]) => `${chunks.join('')}data: [DONE]\n\n`

/** Turn 1 streamed at `size`-byte chunks, then turn 2 built from what Codex would send back: the assistant message(s) of turn 1. */
function nextTurnMessages(turn1Wire: string, size = 7): Message[] {
  const events = translateChatWire(turn1Wire, size, context)
  expect(validateResponsesStream(events)).toEqual([])
  const items = doneItems(events)
  const outputs = items
    .filter((item) => item.type === 'function_call')
    .map((item) => ({ type: 'function_call_output', call_id: item.call_id, output: 'sunny' }))
  const input = [
    { type: 'message', role: 'user', content: 'Weather?' },
    ...items,
    ...outputs,
    { type: 'message', role: 'user', content: 'Thanks. And tomorrow?' },
  ]
  const payload = JSON.parse(buildChatRequest({ model: 'reasoner', input }, model).body) as { messages: Message[] }
  expect(validateChatRequest(payload)).toEqual([])
  return payload.messages.filter((message) => message.role === 'assistant')
}

describe('reasoning goes back in its own field, on tool-call turns only', () => {
  test('DeepSeek reasoning_content comes back as reasoning_content on the tool-call turn (fixture 09)', () => {
    const [assistant] = nextTurnMessages(chatWireText(deepseekReasoning, 'jsonl'))
    expect(assistant?.tool_calls).toHaveLength(1)
    expect(String(assistant?.reasoning_content)).toMatch(/^The user is asking/)
  })

  test('Magistral thinking parts never come back as reasoning_content (Mistral 422 extra_forbidden; fixture 14)', () => {
    const [assistant] = nextTurnMessages(chatWireText(magistralArray, 'jsonl'))
    expect(assistant?.content).toBe('2 + 2 = 4')
    expect(assistant).not.toHaveProperty('reasoning_content')
  })

  test('Magistral thinking before a tool call: the call goes back without any reasoning field', () => {
    const [assistant] = nextTurnMessages(
      wire(
        chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Need the weather.' }] }] }),
        chunk(call),
        chunk({}, 'tool_calls'),
      ),
    )
    expect(Object.keys(assistant ?? {}).sort()).toEqual(['content', 'role', 'tool_calls'])
  })

  test('Groq-style delta.reasoning is not sent back in any field (Groq rejects unknown message fields)', () => {
    const [assistant] = nextTurnMessages(
      wire(chunk({ reasoning: 'Need the weather.' }), chunk(call), chunk({}, 'tool_calls')),
    )
    expect(Object.keys(assistant ?? {}).sort()).toEqual(['content', 'role', 'tool_calls'])
  })

  test("<think> reasoning returns as <think> at the start of the tool-call turn's content, not as a field", () => {
    const [assistant] = nextTurnMessages(
      wire(
        chunk({ content: '<think>Need the weather.</think>' }),
        chunk({ content: 'Checking.' }),
        chunk(call),
        chunk({}, 'tool_calls'),
      ),
      1,
    )
    expect(assistant?.content).toBe('<think>Need the weather.</think>Checking.')
    expect(assistant).not.toHaveProperty('reasoning_content')
  })

  test('OpenRouter: reasoning_details come back verbatim, its plain reasoning text does not', () => {
    const details = [
      {
        type: 'reasoning.text',
        text: 'Need the weather.',
        signature: 'sig-1',
        format: 'anthropic-claude-v1',
        index: 0,
      },
    ]
    const [assistant] = nextTurnMessages(
      wire(chunk({ reasoning: 'Need the weather.', reasoning_details: details }), chunk(call), chunk({}, 'tool_calls')),
    )
    expect(assistant?.reasoning_details).toEqual(details)
    expect(assistant).not.toHaveProperty('reasoning_content')
    expect(assistant).not.toHaveProperty('reasoning')
  })

  test('a DeepSeek answer without tool calls goes back without reasoning_content', () => {
    const [assistant] = nextTurnMessages(
      wire(chunk({ reasoning_content: 'Easy one.' }), chunk({ content: 'It is sunny.' }), chunk({}, 'stop')),
    )
    expect(assistant).toEqual({ role: 'assistant', content: 'It is sunny.' })
  })

  test('an empty reasoning_content on a tool-call turn still goes back, as "" (DeepSeek requires it)', () => {
    const [assistant] = nextTurnMessages(wire(chunk({ reasoning_content: '' }), chunk(call), chunk({}, 'tool_calls')))
    expect(assistant?.reasoning_content).toBe('')
  })

  test('each reasoning item records its source in the envelope; a new source starts a new item', () => {
    const events = translateChatWire(
      wire(chunk({ reasoning_content: 'a' }), chunk({ content: '<think>b</think>c' }), chunk({}, 'stop')),
      3,
      context,
    )
    expect(validateResponsesStream(events)).toEqual([])
    const items = doneItems(events)
    expect(items.map((item) => unpackReasoning(item.encrypted_content)?.state)).toEqual([
      { kind: 'chat', source: 'reasoning_content', isTextInSummary: true },
      { kind: 'chat', source: 'think_tag', isTextInSummary: true },
      undefined,
    ])
    expect(items.slice(0, 2).map((item) => (item.summary as { text: string }[])[0]?.text)).toEqual(['a', 'b'])
  })
})

test('an envelope written before sources were recorded (version 1) still replays as reasoning_content', () => {
  const legacy = { v: 1, origin: context.origin, state: { kind: 'chat', text: 'Old reasoning.' } }
  const encrypted = `cxs1.${btoa(JSON.stringify(legacy)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`
  expect(unpackReasoning(encrypted)).toEqual({
    v: 2,
    origin: context.origin,
    state: { kind: 'chat', source: 'reasoning_content', text: 'Old reasoning.' },
  })
  const input = [
    { type: 'message', role: 'user', content: 'Weather?' },
    { type: 'reasoning', summary: [], encrypted_content: encrypted },
    { type: 'function_call', call_id: 'call_w', name: 'weather', arguments: '{}' },
    { type: 'function_call_output', call_id: 'call_w', output: 'sunny' },
  ]
  const payload = JSON.parse(buildChatRequest({ model: 'reasoner', input }, model).body) as { messages: Message[] }
  expect(payload.messages.find((message) => message.tool_calls)?.reasoning_content).toBe('Old reasoning.')
})

describe('the reasoning text travels once, in the summary', () => {
  const longReasoning = 'Check the forecast service first, then the cache. '.repeat(40)
  const toolTurn = wire(chunk({ reasoning_content: longReasoning }), chunk(call), chunk({}, 'tool_calls'))

  test('the envelope is far smaller than the text, and the next turn still gets the text back', () => {
    const [reasoning] = doneItems(translateChatWire(toolTurn, 64, context))
    expect(String(reasoning?.encrypted_content).length).toBeLessThan(200)
    const [assistant] = nextTurnMessages(toolTurn)
    expect(assistant?.reasoning_content).toBe(longReasoning)
  })

  test('a client that empties the summary gets an empty reasoning_content back, which DeepSeek accepts', () => {
    const items = doneItems(translateChatWire(toolTurn, 64, context)).map((item) =>
      item.type === 'reasoning' ? { ...item, summary: [] } : item,
    )
    const input = [
      { type: 'message', role: 'user', content: 'Weather?' },
      ...items,
      { type: 'function_call_output', call_id: 'call_w', output: 'sunny' },
    ]
    const payload = JSON.parse(buildChatRequest({ model: 'reasoner', input }, model).body) as { messages: Message[] }
    expect(validateChatRequest(payload)).toEqual([])
    expect(payload.messages.find((message) => message.tool_calls)?.reasoning_content).toBe('')
  })

  test('an envelope that still holds its text (written before) replays that text, whatever the summary says', () => {
    const state = { kind: 'chat', source: 'reasoning_content', text: 'Kept in the envelope.' }
    const encrypted = `cxs1.${btoa(JSON.stringify({ v: 2, origin: context.origin, state }))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '')}`
    const input = [
      { type: 'message', role: 'user', content: 'Weather?' },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'edited' }], encrypted_content: encrypted },
      { type: 'function_call', call_id: 'call_w', name: 'weather', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_w', output: 'sunny' },
    ]
    const payload = JSON.parse(buildChatRequest({ model: 'reasoner', input }, model).body) as { messages: Message[] }
    expect(payload.messages.find((message) => message.tool_calls)?.reasoning_content).toBe('Kept in the envelope.')
  })
})
