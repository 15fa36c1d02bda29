import { expect, test } from 'vitest'
import { createToolCallAssembler } from '../../../worker/upstreams/openai-chat/tool-call-assembler'
import { validateResponsesStream } from '../../kit/responses-stream-validator'
import { chatContext, doneItems, translateChatWire } from '../helpers/replay'

/** Issue 13: assembly is linear, keeps every fragment the model sent, and never emits a call without a name. */
const fragment = (args: string, extra: Record<string, unknown> = {}) => ({
  index: 0,
  function: { arguments: args },
  ...extra,
})
const chunk = (delta: unknown, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`

/** A 60 KB apply_patch in 4-character fragments, as a model streaming a large edit sends it. */
function largeArguments(): { args: string; fragments: string[] } {
  const lines = Array.from(
    { length: 1500 },
    (_, line) => `+line ${String(line).padStart(4, '0')} of the new file, "quoted"\t\\ kept`,
  )
  const args = JSON.stringify({ input: `*** Begin Patch\n*** Add File: big.txt\n${lines.join('\n')}\n*** End Patch` })
  const fragments: string[] = []
  for (let at = 0; at < args.length; at += 4) fragments.push(args.slice(at, at + 4))
  return { args, fragments }
}

test('a 60 KB argument in 15k fragments reaches Codex exactly, assembled in linear time', () => {
  const { args, fragments } = largeArguments()
  expect(args.length).toBeGreaterThan(60_000)
  expect(fragments.length).toBeGreaterThan(15_000)
  const wire = [
    chunk({
      tool_calls: [{ index: 0, id: 'call_big', type: 'function', function: { name: 'apply_patch', arguments: '' } }],
    }),
    ...fragments.map((piece) => chunk({ tool_calls: [fragment(piece)] })),
    chunk({}, 'tool_calls'),
    'data: [DONE]\n\n',
  ].join('')
  const started = performance.now()
  const events = translateChatWire(
    wire,
    4096,
    chatContext({ registry: new Map([['apply_patch', { kind: 'custom' as const, name: 'apply_patch' }]]) }),
  )
  const elapsed = performance.now() - started
  expect(validateResponsesStream(events)).toEqual([])
  expect(doneItems(events)).toEqual([
    expect.objectContaining({
      type: 'custom_tool_call',
      call_id: 'call_big',
      input: (JSON.parse(args) as { input: string }).input,
    }),
  ])
  // Joining every fragment on every fragment copies ~0.5 GB here: seconds on the one worker thread. Decoding
  // and translating the 15k events themselves takes a small fraction of this budget.
  expect(elapsed).toBeLessThan(1000)
})

test('the assembler alone takes milliseconds for the same 15k fragments', () => {
  const { args, fragments } = largeArguments()
  const assembler = createToolCallAssembler(new Set(['apply_patch']))
  const started = performance.now()
  assembler.push({ index: 0, id: 'call_big', type: 'function', function: { name: 'apply_patch', arguments: '' } })
  for (const piece of fragments) assembler.push(fragment(piece))
  expect(assembler.finish().calls).toEqual([{ id: 'call_big', name: 'apply_patch', arguments: args }])
  expect(performance.now() - started).toBeLessThan(100)
})

test('a fragment that repeats everything so far is kept while the arguments are still incomplete', () => {
  const wire = [
    chunk({ tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'f', arguments: '{"k":[' } }] }),
    chunk({ tool_calls: [fragment('{"k":[')] }),
    chunk({ tool_calls: [fragment(']}]}')] }),
    chunk({}, 'tool_calls'),
    'data: [DONE]\n\n',
  ].join('')
  const events = translateChatWire(wire, 5)
  expect(doneItems(events)).toEqual([
    expect.objectContaining({ type: 'function_call', call_id: 'c1', arguments: '{"k":[{"k":[]}]}' }),
  ])
  expect(events.at(-1)?.type).toBe('response.completed')
})

test('repeated short fragments are all kept', () => {
  const assembler = createToolCallAssembler(new Set())
  assembler.push({ index: 0, id: 'c1', function: { name: 'f', arguments: '' } })
  for (const piece of ['{"s":"', 'ab', 'ab', 'ab', '"}']) assembler.push(fragment(piece))
  expect(assembler.finish().calls[0]?.arguments).toBe('{"s":"ababab"}')
})

test('a final summary chunk repeating the complete arguments is dropped (LiteLLM #20480)', () => {
  const assembler = createToolCallAssembler(new Set())
  assembler.push({ index: 0, id: 'c1', function: { name: 'f', arguments: '{"a":' } })
  assembler.push(fragment('1}'))
  assembler.push(fragment('{"a":1}'))
  expect(assembler.finish().calls[0]?.arguments).toBe('{"a":1}')
})

test('a call that never got a name is not emitted: it is reported as unusable', () => {
  const assembler = createToolCallAssembler(new Set())
  assembler.push({ index: 0, id: 'call_nameless', function: { arguments: '{"x":1}' } })
  assembler.push({ index: 1, id: 'call_ok', function: { name: 'f', arguments: '{}' } })
  const { calls, unusable } = assembler.finish()
  expect(calls.map((call) => call.id)).toEqual(['call_ok'])
  expect(unusable).toEqual(['tool call call_nameless: the upstream sent no function name, so it was not run'])
})

test('through the translator, a nameless call is never written, lands in dropped, and the response fails', () => {
  const dropped: string[] = []
  const wire = [
    chunk({
      tool_calls: [{ index: 0, id: 'call_nameless', type: 'function', function: { arguments: '{"cmd":"ls"}' } }],
    }),
    chunk({}, 'tool_calls'),
    'data: [DONE]\n\n',
  ].join('')
  const events = translateChatWire(wire, 7, chatContext({ slug: 'local', dropped }))
  expect(validateResponsesStream(events)).toEqual([])
  expect(doneItems(events).filter((item) => item.type === 'function_call')).toEqual([])
  expect(dropped).toEqual(['tool call call_nameless: the upstream sent no function name, so it was not run'])
  expect(events.at(-1)).toMatchObject({
    type: 'response.failed',
    response: {
      error: {
        code: 'server_error',
        message: 'local: the model sent a tool call without a function name, so it was not run.',
      },
    },
  })
})
