import { describe, expect, test } from 'vitest'
import azureText from '../../../../shared/fixtures/upstream-streams/responses/01-azure-openai-responses-text.jsonl?raw'
import reasoningCall from '../../../../shared/fixtures/upstream-streams/responses/02-openai-responses-reasoning-summary-encrypted-function-call.jsonl?raw'
import azureCall from '../../../../shared/fixtures/upstream-streams/responses/03-azure-openai-responses-function-call.jsonl?raw'
import errorThenFailed from '../../../../shared/fixtures/upstream-streams/responses/04-openai-responses-error-then-failed.jsonl?raw'
import localShell from '../../../../shared/fixtures/upstream-streams/responses/05-openai-responses-local-shell-call.jsonl?raw'
import phases from '../../../../shared/fixtures/upstream-streams/responses/06-openai-responses-message-phase.jsonl?raw'
import customTool from '../../../../shared/fixtures/upstream-streams/responses/07-SYNTHETIC-openai-responses-custom-tool-call.jsonl?raw'
import { createResponsesStreamWriter } from '../../../worker/canonical/responses-stream-writer'
import { responsesAdapter } from '../../../worker/upstreams/responses'
import type { ResponsesContext } from '../../../worker/upstreams/responses/responses-context'
import { validateResponsesStream, type StreamEvent } from '../../kit/responses-stream-validator'
import { doneItems, terminalResponse, translateWire } from '../helpers/replay'
import { responsesWire } from './relay-replay'

/** The hub's side (the chat and Messages doors, compaction summaries): the upstream's events rebuilt by the writer. */
const chunkings = [{ size: Infinity }, { size: 1 }, { size: 7 }]
const context: ResponsesContext = { slug: 'luna', secrets: [] }
const lastLine = (fixture: string) =>
  JSON.parse(fixture.trim().split('\n').at(-1) ?? '{}') as {
    response: Record<string, unknown> & { output: Record<string, unknown>[] }
  }

function replay(fixture: string, size: number) {
  const events = translateWire(responsesAdapter, context, responsesWire(fixture), size)
  expect(validateResponsesStream(events)).toEqual([])
  return { events, items: doneItems(events), response: terminalResponse(events) }
}

describe.each(chunkings)('recorded Responses streams, translated ($size-byte chunks)', ({ size }) => {
  test('text and usage (01)', () => {
    const { items, response } = replay(azureText, size)
    expect(items).toEqual([
      expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: 'Hello' })] }),
    ])
    expect(response.usage).toMatchObject({ input_tokens: expect.any(Number), total_tokens: expect.any(Number) })
  })

  test("reasoning keeps the upstream's encrypted_content as it is; the call keeps its call_id and arguments (02)", () => {
    const { items, response } = replay(reasoningCall, size)
    // The done event is the item's truth; this recording's completed event carries a re-encrypted copy.
    const done = reasoningCall
      .split('\n')
      .map((line) => (line === '' ? {} : JSON.parse(line)))
      .find((event) => event.type === 'response.output_item.done')
    expect(items.map((item) => item.type)).toEqual(['reasoning', 'function_call'])
    expect(items[0]?.encrypted_content).toBe(done.item.encrypted_content)
    expect(JSON.stringify(items[0]?.summary)).toContain('Calculating step-by-step')
    expect(items[1]).toMatchObject({
      call_id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn',
      name: 'calculator',
      arguments: '{"a":12,"b":7,"op":"add"}',
    })
    expect(response.usage).toEqual({
      input_tokens: 134,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 28,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 162,
    })
  })

  test('a function call (03), a custom tool call (07) and a local shell call without deltas (05)', () => {
    expect(replay(azureCall, size).items).toEqual([
      expect.objectContaining({
        type: 'function_call',
        call_id: 'call_H5DxLSFnsGhiROnUiDHmgyc8',
        arguments: '{"location":"San Francisco"}',
      }),
    ])
    expect(replay(customTool, size).items).toEqual([
      expect.objectContaining({
        type: 'custom_tool_call',
        call_id: 'call_custom_sql_001',
        name: 'write_sql',
        input: 'SELECT * FROM users WHERE age > 25',
      }),
    ])
    expect(replay(localShell, size).items).toEqual([
      expect.objectContaining({
        type: 'local_shell_call',
        call_id: 'call_h3nm8hUG0KO9tVNuRACkL1ri',
        action: expect.objectContaining({ command: ['ls', '-a', '~'] }),
      }),
    ])
  })

  test('two messages (commentary and final answer) keep all their text (06)', () => {
    const { items } = replay(phases, size)
    const text = items
      .filter((item) => item.type === 'message')
      .map((item) => JSON.stringify(item.content))
      .join('')
    expect(text).toContain('Got it')
    expect(text).toContain('Here are a')
  })

  test('an error then response.failed is one failure with the code Codex acts on (04)', () => {
    const { response } = replay(errorThenFailed, size)
    expect(response.error).toMatchObject({ code: 'invalid_prompt', message: expect.stringContaining('no quota left') })
  })
})

test.each([
  [
    'a chat stream',
    'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n',
  ],
  ['plain text', 'data: hello from a web server\n\n'],
])('%s behind the base URL fails at once, saying what to check', (_name, wire) => {
  const size = 7
  const events = translateWire(responsesAdapter, context, wire, size)
  expect(events.map((event) => event.type)).toEqual(['response.created', 'response.in_progress', 'response.failed'])
  expect(terminalResponse(events).error).toEqual({
    code: 'invalid_prompt',
    message: expect.stringContaining('check that provider "responses" is right for this base_url'),
  })
})

test('a non-streaming Response becomes the same output (what compaction summaries and the router read)', () => {
  const body = lastLine(reasoningCall).response
  const writer = createResponsesStreamWriter({ model: 'luna', emit: () => undefined })
  responsesAdapter.createTranslator(context, writer).onCompletion({
    ...body,
    output: [
      ...body.output,
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'The sum is 19.' }] },
    ],
  })
  const final = writer.finalResponse() as { status: string; output: Record<string, unknown>[] }
  expect(final.status).toBe('completed')
  expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'function_call', 'message'])
  expect(final.output[0]?.encrypted_content).toBe(body.output[0]?.encrypted_content)
  expect(JSON.stringify(final.output[2])).toContain('The sum is 19.')
})

test('an incomplete Response stays incomplete, with its reason', () => {
  const events: StreamEvent[] = []
  const writer = createResponsesStreamWriter({ model: 'luna', emit: (event) => events.push(event) })
  responsesAdapter.createTranslator(context, writer).onCompletion({
    id: 'r',
    status: 'incomplete',
    incomplete_details: { reason: 'max_output_tokens' },
    output: [{ type: 'message', content: [{ type: 'output_text', text: 'cut' }] }],
  })
  expect(events.at(-1)).toMatchObject({
    type: 'response.incomplete',
    response: { incomplete_details: { reason: 'max_output_tokens' } },
  })
})
