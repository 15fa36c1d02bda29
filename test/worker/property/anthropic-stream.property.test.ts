import fc from 'fast-check'
import { expect, test } from 'vitest'
import { unpackReasoning } from '../../../worker/canonical/reasoning-envelope'
import { anthropicAdapter } from '../../../worker/upstreams/anthropic'
import { sseText, translateWireAtCuts, type WireEvent } from '../helpers/replay-at-cuts'
import { buildStream, context, event, NAMES, ORIGIN, streamPlan, type Block } from './anthropic-stream-arbitraries'
import { deltasOf, expectStreamInvariants, nonEmptyTextOf, textOf, type Item } from './stream-invariants'

/**
 * Issue 13, fuzzing: arbitrary valid Anthropic Messages streams (anthropic-stream-arbitraries.ts), serialized as
 * SSE and cut at arbitrary bytes, through the Anthropic translator and the Responses writer: no input throws, the
 * writer's grammar validator accepts every output, and the output says what the upstream said.
 */

/**
 * The items the closed blocks became: reasoning and calls are done when their block stops; text stays open in
 * the writer until something else is written, so a failed response may drop the text it was still holding.
 */
function expectBlockItems(items: Item[], blocks: Block[], isFailed: boolean): void {
  const texts: string[] = []
  const reasoning: Item[] = []
  const calls: Item[] = []
  for (const item of items) {
    if (item.type === 'message') texts.push(...(item.content as { text: string }[]).map((part) => part.text))
    else if (item.type === 'reasoning') reasoning.push(item)
    else calls.push(item)
  }
  const closedText = blocks.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('')
  if (isFailed) expect(closedText.startsWith(texts.join(''))).toBe(true)
  else expect(texts.join('')).toBe(closedText)

  const thinkingBlocks = blocks.filter((item) => item.type === 'thinking' || item.type === 'redacted_thinking')
  expect(reasoning).toHaveLength(thinkingBlocks.length)
  thinkingBlocks.forEach((item, position) => {
    const found = reasoning[position]
    const envelope = unpackReasoning(found?.encrypted_content)
    expect(envelope?.origin).toBe(ORIGIN)
    // The signed block goes back byte for byte: Anthropic checks the signature against the thinking text.
    if (item.type === 'thinking') {
      expect(envelope?.state).toEqual({
        kind: 'anthropic',
        blocks: [{ type: 'thinking', thinking: item.thinking, signature: item.signature }],
      })
      expect(((found?.summary ?? []) as { text: string }[]).map((part) => part.text).join('')).toBe(item.thinking)
    } else
      expect(envelope?.state).toEqual({ kind: 'anthropic', blocks: [{ type: 'redacted_thinking', data: item.data }] })
  })

  // `blocks` is a prefix of the plan's blocks, so a block's position names its tool_use.
  const toolUses = blocks.flatMap((item, index) => (item.type === 'tool_use' ? [{ item, id: `toolu_${index}` }] : []))
  expect(calls).toHaveLength(toolUses.length)
  toolUses.forEach(({ item, id }, position) => {
    const found = calls[position]
    expect(found?.call_id).toBe(id)
    switch (item.kind) {
      case 'function':
      case 'unknown':
        expect(found).toMatchObject({ type: 'function_call', name: NAMES[item.kind] })
        expect(JSON.parse(String(found?.arguments))).toEqual(item.input)
        return
      case 'namespaced':
        expect(found).toMatchObject({ type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1' })
        expect(JSON.parse(String(found?.arguments))).toEqual(item.input)
        return
      case 'custom':
        expect(found).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: item.input.input })
        return
      case 'local_shell':
        expect(found).toMatchObject({ type: 'local_shell_call', action: { type: 'exec', command: item.input.command } })
        return
    }
  })
}

test('any valid Anthropic stream, cut anywhere, becomes a valid Responses stream that says what the upstream said', () => {
  fc.assert(
    fc.property(streamPlan, (plan) => {
      const stream = buildStream(plan)
      const events = translateWireAtCuts(anthropicAdapter, context(), stream.wire, plan.byteCuts)
      const { terminal, items } = expectStreamInvariants(events)
      expect(terminal.type).toBe(stream.terminal)
      // Blocks closed before a failure are done items Codex keeps for its retry; an open one is dropped.
      expectBlockItems(items, stream.expectedBlocks, terminal.type === 'response.failed')
      if (terminal.type === 'response.failed') return
      expect(deltasOf(events, 'response.reasoning_summary_text.delta')).toBe(
        items
          .filter((item) => item.type === 'reasoning')
          .map((item) => (item.summary as { text: string }[]).map((part) => part.text).join(''))
          .join(''),
      )
      const { usage } = plan
      // Responses counts the whole prompt; Anthropic's input_tokens leaves cache reads and writes out.
      expect((terminal.response as { usage: Record<string, unknown> }).usage).toMatchObject({
        input_tokens: usage.input + usage.cacheRead + usage.cacheCreation,
        input_tokens_details: { cached_tokens: usage.cacheRead },
        output_tokens: plan.hasMessageDelta ? usage.output : 1,
      })
    }),
    { numRuns: 1000 },
  )
})

test('text blocks that open with their text (compatible servers) lose none of it', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(nonEmptyTextOf(), textOf()), { minLength: 1, maxLength: 3 }),
      fc.array(fc.nat({ max: 4000 }), { maxLength: 8 }),
      (blocks, byteCuts) => {
        const events: WireEvent[] = [
          event({
            type: 'message_start',
            message: {
              id: 'msg_1',
              type: 'message',
              role: 'assistant',
              content: [],
              usage: { input_tokens: 3, output_tokens: 1 },
            },
          }),
        ]
        blocks.forEach(([first, rest], index) => {
          events.push(event({ type: 'content_block_start', index, content_block: { type: 'text', text: first } }))
          if (rest !== '')
            events.push(event({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: rest } }))
          events.push(event({ type: 'content_block_stop', index }))
        })
        events.push(
          event({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 5 } }),
          event({ type: 'message_stop' }),
        )
        const { terminal, items } = expectStreamInvariants(
          translateWireAtCuts(anthropicAdapter, context(), sseText(events), byteCuts),
        )
        expect(terminal.type).toBe('response.completed')
        expect(items.flatMap((item) => (item.content as { text: string }[]).map((part) => part.text)).join('')).toBe(
          blocks.map(([first, rest]) => first + rest).join(''),
        )
      },
    ),
    { numRuns: 1000 },
  )
})
