import { describe, expect, test } from 'vitest'
import azureText from '../../../../shared/fixtures/upstream-streams/chat/08-azure-openai-chat-text-usage.jsonl?raw'
import deepseekReasoning from '../../../../shared/fixtures/upstream-streams/chat/09-deepseek-chat-reasoning-content-tool-call.jsonl?raw'
import groqWhole from '../../../../shared/fixtures/upstream-streams/chat/10-groq-chat-tool-call-whole.jsonl?raw'
import qwenEmptyIds from '../../../../shared/fixtures/upstream-streams/chat/11-qwen-dashscope-chat-tool-call.jsonl?raw'
import xaiReasoning from '../../../../shared/fixtures/upstream-streams/chat/12-xai-chat-reasoning-tool-call.jsonl?raw'
import mistralNoIndex from '../../../../shared/fixtures/upstream-streams/chat/13-mistral-chat-tool-call-no-index.jsonl?raw'
import magistralArray from '../../../../shared/fixtures/upstream-streams/chat/14-mistral-magistral-content-array.jsonl?raw'
import ollamaParallel from '../../../../shared/fixtures/upstream-streams/chat/16-ollama-chat-parallel-tool-calls.sse?raw'
import geminiSignatures from '../../../../shared/fixtures/upstream-streams/chat/17-gemini-vertex-openai-compat-parallel-tool-calls-thought-signature.sse?raw'
import anthropicCompat from '../../../../shared/fixtures/upstream-streams/chat/18-anthropic-openai-compat-tool-index-1.sse?raw'
import { unpackReasoning, withItsText } from '../../../worker/canonical/reasoning-envelope'
import { validateResponsesStream } from '../../kit/responses-stream-validator'
import { chatContext, chatWireText, doneItems, terminalResponse, translateChatWire } from '../helpers/replay'

/** Whole stream, one byte at a time, and an odd size that splits UTF-8 characters and CRLF pairs. */
const chunkings = [{ size: Infinity }, { size: 1 }, { size: 7 }]

function replay(fixture: string, format: 'jsonl' | 'sse', size: number) {
  const events = translateChatWire(chatWireText(fixture, format), size)
  expect(validateResponsesStream(events)).toEqual([])
  return { events, items: doneItems(events), response: terminalResponse(events) }
}

describe.each(chunkings)('recorded chat streams ($size-byte chunks)', ({ size }) => {
  test('Azure: an empty-choices first chunk and a usage-only last chunk give text and usage (08)', () => {
    const { items, response } = replay(azureText, 'jsonl', size)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ type: 'message', role: 'assistant' })
    expect(JSON.stringify(items[0])).toContain('Capital')
    expect(response.status).toBe('completed')
    expect(response.usage).toEqual({
      input_tokens: 15,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 78,
      output_tokens_details: { reasoning_tokens: 64 },
      total_tokens: 93,
    })
  })

  test('DeepSeek: reasoning_content becomes a reasoning item that keeps the text for the next turn (09)', () => {
    const { items, response } = replay(deepseekReasoning, 'jsonl', size)
    expect(items.map((item) => item.type)).toEqual(['reasoning', 'function_call'])
    const summary = (items[0]?.summary as { text: string }[] | undefined)?.[0]?.text ?? ''
    expect(summary.startsWith('The user is')).toBe(true)
    const envelope = unpackReasoning(items[0]?.encrypted_content)
    // The envelope records where the text goes back; the text itself is the summary Codex sends back with it.
    expect(envelope?.state).toEqual({ kind: 'chat', source: 'reasoning_content', isTextInSummary: true })
    expect(envelope && withItsText(envelope.state, items[0] ?? {})).toMatchObject({ kind: 'chat', text: summary })
    expect(String(items[0]?.encrypted_content).length).toBeLessThan(summary.length)
    expect(items[1]).toMatchObject({ name: 'weather', status: 'completed' })
    expect(JSON.parse(String(items[1]?.arguments))).toEqual({ location: 'San Francisco' })
    expect(response.usage).toMatchObject({
      input_tokens: 339,
      input_tokens_details: { cached_tokens: 320 },
      output_tokens: 83,
      total_tokens: 422,
    })
  })

  test('Groq: a tool call that arrives whole, usage in x_groq and usage (10)', () => {
    const { items, response } = replay(groqWhole, 'jsonl', size)
    expect(items).toEqual([
      expect.objectContaining({ type: 'function_call', call_id: 'tk85n1k4m', name: 'weather', arguments: '{}' }),
    ])
    expect(response.usage).toMatchObject({ input_tokens: 210, output_tokens: 15, total_tokens: 225 })
  })

  test('Qwen: continuation deltas with "id":"" and a trailing empty fragment stay one call (11)', () => {
    const { items } = replay(qwenEmptyIds, 'jsonl', size)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ call_id: 'call_eee11723464a4b9eb8cee71d', name: 'weather' })
    expect(JSON.parse(String(items[0]?.arguments))).toEqual({ location: 'San Francisco' })
  })

  test('xAI: no finish_reason until the end; reasoning tokens are added back to output (12)', () => {
    const { items, response } = replay(xaiReasoning, 'jsonl', size)
    expect(items.map((item) => item.type)).toEqual(['reasoning', 'function_call'])
    expect(response.usage).toMatchObject({
      input_tokens: 291,
      input_tokens_details: { cached_tokens: 290 },
      output_tokens: 222,
      output_tokens_details: { reasoning_tokens: 196 },
      total_tokens: 513,
    })
  })

  test('Mistral: a tool call without index, with finish_reason and usage in the same chunk (13)', () => {
    const { items, response } = replay(mistralNoIndex, 'jsonl', size)
    expect(items).toEqual([expect.objectContaining({ type: 'function_call', call_id: 'gSIMJiOkT', name: 'weather' })])
    expect(response.usage).toMatchObject({ input_tokens: 124, output_tokens: 22, total_tokens: 146 })
  })

  test('Magistral: content as typed parts splits into reasoning and text (14)', () => {
    const { items } = replay(magistralArray, 'jsonl', size)
    expect(items.map((item) => item.type)).toEqual(['reasoning', 'message'])
    expect((items[0]?.summary as { text: string }[] | undefined)?.[0]?.text).toBe(
      'The user is asking for 2+2. This is basic arithmetic. 2+2=4.',
    )
    expect((items[1]?.content as { text: string }[] | undefined)?.[0]?.text).toBe('2 + 2 = 4')
  })

  test('Ollama: two whole parallel calls and no [DONE] still complete, via finish_reason (16)', () => {
    const { items, response } = replay(ollamaParallel, 'sse', size)
    expect(items.map((item) => [item.call_id, item.arguments])).toEqual([
      ['call_wteop8bt', '{"command":"ls"}'],
      ['call_rk2xye1l', '{"command":"ls -l"}'],
    ])
    expect(response.status).toBe('completed')
  })

  test('Gemini: inconsistent indexes are keyed by id; thought signatures are kept per call (17)', () => {
    const { items, response } = replay(geminiSignatures, 'sse', size)
    const calls = items.filter((item) => item.type === 'function_call')
    expect(calls).toHaveLength(2)
    expect(calls.map((call) => JSON.parse(String(call.arguments)))).toEqual([
      { location: 'Boston, MA', unit: 'celsius' },
      { location: 'New Delhi, India', unit: 'celsius' },
    ])
    const state = items.find((item) => item.type === 'reasoning')
    const envelope = unpackReasoning(state?.encrypted_content)
    expect(envelope?.state.kind === 'chat' && envelope.state.thoughtSignatures).toEqual({
      [String(calls[0]?.call_id)]: '...',
    })
    expect(response.usage).toMatchObject({
      output_tokens: 549,
      output_tokens_details: { reasoning_tokens: 504 },
      total_tokens: 576,
    })
  })

  test('Claude through an OpenAI-compatible endpoint: text, then a call at index 1 (18)', () => {
    const { items } = replay(anthropicCompat, 'sse', size)
    expect(items.map((item) => item.type)).toEqual(['message', 'function_call'])
    expect((items[0]?.content as { text: string }[] | undefined)?.[0]?.text).toBe('Reading it.')
    expect(items[1]).toMatchObject({ call_id: 'toolu_sanitized', name: 'read_file', arguments: '{"path": "a.txt"}' })
  })
})

test('a namespaced tool call comes back with namespace and name, a freeform one as custom_tool_call', () => {
  const registry = new Map([
    ['multi_agent_v1__spawn_agent', { kind: 'function' as const, name: 'spawn_agent', namespace: 'multi_agent_v1' }],
    ['apply_patch', { kind: 'custom' as const, name: 'apply_patch' }],
  ])
  const chunk = (delta: unknown, finish: string | null = null) =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
  const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch'
  const wire = [
    chunk({
      tool_calls: [
        {
          index: 0,
          id: 'c1',
          type: 'function',
          function: { name: 'multi_agent_v1__spawn_agent', arguments: '{"task":"x"}' },
        },
      ],
    }),
    chunk({
      tool_calls: [
        {
          index: 1,
          id: 'c2',
          type: 'function',
          function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) },
        },
      ],
    }),
    chunk({}, 'tool_calls'),
    'data: [DONE]\n\n',
  ].join('')
  const events = translateChatWire(wire, 5, chatContext({ registry }))
  expect(validateResponsesStream(events)).toEqual([])
  expect(doneItems(events)).toEqual([
    expect.objectContaining({ type: 'function_call', call_id: 'c1', name: 'spawn_agent', namespace: 'multi_agent_v1' }),
    expect.objectContaining({ type: 'custom_tool_call', call_id: 'c2', name: 'apply_patch', input: patch }),
  ])
})
