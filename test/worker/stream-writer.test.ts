import { describe, expect, test } from 'vitest'
import { createResponsesStreamWriter } from '../../worker/canonical/responses-stream-writer'
import { responsesUsage } from '../../worker/protocol/responses-usage'
import { validateResponsesStream, type StreamEvent } from '../kit/responses-stream-validator'

function writerWithLog() {
  const events: StreamEvent[] = []
  const writer = createResponsesStreamWriter({
    model: 'slug',
    emit: (event) => events.push(JSON.parse(JSON.stringify(event)) as StreamEvent),
    sealReasoning: (text) => `sealed:${text}`,
  })
  return { writer, events }
}

describe('ResponsesStreamWriter', () => {
  test('reasoning, text, a call, text again: each its own item, in order, closed before the next opens', () => {
    const { writer, events } = writerWithLog()
    writer.reasoningDelta('think ')
    writer.reasoningDelta('more')
    writer.textDelta('Hello')
    writer.addFunctionCall({ callId: 'c1', name: 'f', arguments: '{}' })
    writer.textDelta('After the call')
    writer.setUsage(responsesUsage({ input: 3, output: 4 }))
    writer.complete()
    expect(validateResponsesStream(events)).toEqual([])
    const output =
      (events.at(-1)?.response as { output: { type: string; encrypted_content?: string }[] } | undefined)?.output ?? []
    expect(output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'message'])
    expect(output[0]?.encrypted_content).toBe('sealed:think more')
  })

  test('ids are unique across items and responses', () => {
    const first = writerWithLog()
    const second = writerWithLog()
    for (const { writer } of [first, second]) {
      writer.textDelta('a')
      writer.addFunctionCall({ callId: 'c', name: 'f', arguments: '{}' })
      writer.complete()
    }
    const ids = [...first.events, ...second.events].flatMap((event) => [
      (event.response as { id?: string } | undefined)?.id,
      (event.item as { id?: string } | undefined)?.id,
    ])
    const distinct = new Set(ids.filter(Boolean))
    expect(distinct.size).toBe(6)
  })

  test('exactly one terminal event: a failure after completion is ignored', () => {
    const { writer, events } = writerWithLog()
    writer.textDelta('x')
    writer.complete()
    writer.fail('server_error', 'late')
    writer.incomplete('max_output_tokens')
    expect(
      events.filter(
        (event) =>
          event.type.startsWith('response.') &&
          ['response.completed', 'response.failed', 'response.incomplete'].includes(event.type),
      ),
    ).toHaveLength(1)
  })

  test('a failure never completes a half-written item: Codex would replay it on its retry', () => {
    const { writer, events } = writerWithLog()
    writer.textDelta('partial sentence that was')
    writer.fail('server_error', 'boom')
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.filter((event) => event.type === 'response.output_item.done')).toEqual([])
    expect(events.map((event) => event.type)).not.toContain('response.output_text.done')
    expect(events.at(-1)).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { code: 'server_error', message: 'boom' }, output: [] },
    })
  })

  test('a failure keeps the items already done and drops only the open one (reasoning too)', () => {
    const { writer, events } = writerWithLog()
    writer.textDelta('Running it.')
    writer.addFunctionCall({ callId: 'c1', name: 'exec_command', arguments: '{"cmd":"ls"}' })
    writer.reasoningDelta('half a thought')
    writer.fail('server_error', 'cut')
    expect(validateResponsesStream(events)).toEqual([])
    const output = (events.at(-1)?.response as { output: { type: string }[] } | undefined)?.output ?? []
    expect(output.map((item) => item.type)).toEqual(['message', 'function_call'])
    expect(
      events
        .filter((event) => event.type === 'response.output_item.done')
        .map((event) => (event.item as { type: string }).type),
    ).toEqual(['message', 'function_call'])
  })

  test('the validator still refuses an item left open by a response that did not fail', () => {
    const { writer, events } = writerWithLog()
    writer.textDelta('open')
    writer.fail('server_error', 'x')
    const asCompleted = events.map((event) =>
      event.type === 'response.failed' ? { ...event, type: 'response.completed' } : event,
    )
    expect(validateResponsesStream(asCompleted)).toContain('item 0 (message) was added but never done')
  })

  test('an incomplete response may carry advice after its reason (the only part Codex shows)', () => {
    const { writer, events } = writerWithLog()
    writer.incomplete('max_output_tokens', 'raise max_output_tokens for slug in models.json')
    expect(events.at(-1)).toMatchObject({
      response: {
        incomplete_details: { reason: 'max_output_tokens: raise max_output_tokens for slug in models.json' },
      },
    })
  })

  test('incomplete carries its reason', () => {
    const { writer, events } = writerWithLog()
    writer.incomplete('content_filter')
    expect(validateResponsesStream(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { incomplete_details: { reason: 'content_filter' } },
    })
  })

  test('custom tool calls stream their raw input and carry the namespace when there is one', () => {
    const { writer, events } = writerWithLog()
    writer.addCustomToolCall({ callId: 'p', name: 'apply_patch', input: '*** Begin Patch' })
    writer.addFunctionCall({ callId: 'n', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{}' })
    writer.complete()
    expect(validateResponsesStream(events)).toEqual([])
    expect((events.at(-1)?.response as { output: unknown[] } | undefined)?.output ?? []).toEqual([
      expect.objectContaining({ type: 'custom_tool_call', input: '*** Begin Patch', call_id: 'p' }),
      expect.objectContaining({ type: 'function_call', namespace: 'multi_agent_v1', name: 'spawn_agent' }),
    ])
  })
})

describe('the validator itself', () => {
  test('catches a stream without a terminal event, a delta for a closed item and a wrong completed output', () => {
    const { writer, events } = writerWithLog()
    writer.textDelta('a')
    writer.complete()
    const broken = events.slice(0, -1)
    expect(validateResponsesStream(broken)).toContain('no terminal event (response.completed, .incomplete or .failed)')
    const tampered = JSON.parse(JSON.stringify(events)) as StreamEvent[]
    ;(tampered.at(-1)?.response as { output: unknown[] }).output = []
    expect(validateResponsesStream(tampered)).toContain(
      'terminal response.output differs from the items that were done',
    )
  })
})
