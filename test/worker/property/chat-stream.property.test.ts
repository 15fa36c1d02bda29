import fc from 'fast-check'
import { expect, test } from 'vitest'
import { unpackReasoning, withItsText } from '../../../worker/canonical/reasoning-envelope'
import { openAiChatAdapter } from '../../../worker/upstreams/openai-chat'
import { validateResponsesStream } from '../../kit/responses-stream-validator'
import { chatContext } from '../helpers/replay'
import { translateWireAtCuts } from '../helpers/replay-at-cuts'
import { buildStream, streamPlan } from './chat-stream-arbitraries'
import { registryFor, type GeneratedCall } from './chat-tool-call-deltas'
import { deltasOf, expectStreamInvariants, type Item } from './stream-invariants'

/**
 * Issue 13, fuzzing: arbitrary valid chat-completions streams (chat-stream-arbitraries.ts), serialized as SSE and
 * cut at arbitrary bytes, through the chat translator and the Responses writer: no input throws, the writer's
 * grammar validator accepts every output, and the output says what the upstream said.
 */

/** The item a call must come back as, by the kind of tool it names (tool-registry.ts, emit-tool-call.ts). */
function expectCallItem(item: Item | undefined, generated: GeneratedCall): void {
  const args = generated.arguments === '' ? {} : (JSON.parse(generated.arguments) as Record<string, unknown>)
  switch (generated.kind) {
    case 'function':
    case 'unknown':
      expect(item).toMatchObject({ type: 'function_call', call_id: generated.id, name: generated.upstreamName })
      expect(JSON.parse(String(item?.arguments))).toEqual(args)
      return
    case 'namespaced':
      expect(item).toMatchObject({
        type: 'function_call',
        call_id: generated.id,
        name: 'spawn_agent',
        namespace: 'multi_agent_v1',
      })
      expect(JSON.parse(String(item?.arguments))).toEqual(args)
      return
    case 'custom':
      expect(item).toMatchObject({
        type: 'custom_tool_call',
        call_id: generated.id,
        name: 'apply_patch',
        input: args.input,
      })
      return
    case 'local_shell':
      expect(item).toMatchObject({
        type: 'local_shell_call',
        call_id: generated.id,
        action: { type: 'exec', command: args.command },
      })
      return
  }
}

const CALL_TYPES = new Set(['function_call', 'custom_tool_call', 'local_shell_call', 'apply_patch_call'])

test('any valid chat stream, cut anywhere, becomes a valid Responses stream that says what the upstream said', () => {
  fc.assert(
    fc.property(streamPlan, (plan) => {
      const stream = buildStream(plan)
      const dropped: string[] = []
      const events = translateWireAtCuts(
        openAiChatAdapter,
        chatContext({ registry: registryFor(plan.patchTool), dropped }),
        stream.wire,
        plan.byteCuts,
      )
      const { terminal, items } = expectStreamInvariants(events)
      expect(terminal.type).toBe(stream.terminal)
      if (terminal.type === 'response.failed') return

      expect(deltasOf(events, 'response.output_text.delta')).toBe(stream.text)
      expect(deltasOf(events, 'response.refusal.delta')).toBe(stream.refusal)
      // Each reasoning item is sealed with the field its text came in, and gives the next turn exactly that text.
      const bySource: Record<string, string> = {
        think_tag: '',
        reasoning_content: '',
        reasoning: '',
        thinking_parts: '',
      }
      for (const item of items.filter((entry) => entry.type === 'reasoning')) {
        const envelope = unpackReasoning(item.encrypted_content)
        expect(envelope?.state.kind).toBe('chat')
        if (envelope?.state.kind !== 'chat') continue
        const state = withItsText(envelope.state, item)
        if (state.text === undefined) continue
        expect((item.summary as { text: string }[])[0]?.text).toBe(state.text)
        bySource[String(state.source)] += state.text
      }
      expect(bySource).toEqual(stream.reasoning)
      // Every call, in the order it started, as the item its tool needs; a patch as one apply_patch_call per file.
      const callItems = items.filter((item) => CALL_TYPES.has(String(item.type)))
      const expected = stream.calls.flatMap(
        (generated): { generated: GeneratedCall; operation?: Record<string, unknown>; index: number }[] =>
          generated.patch
            ? generated.patch.operations.map((operation, index) => ({ generated, operation, index }))
            : [{ generated, index: 0 }],
      )
      expect(callItems).toHaveLength(expected.length)
      for (const [position, { generated, operation, index }] of expected.entries()) {
        if (operation === undefined) expectCallItem(callItems[position], generated)
        else
          expect(callItems[position]).toMatchObject({
            type: 'apply_patch_call',
            call_id: index === 0 ? generated.id : `${generated.id}_${index + 1}`,
            operation,
          })
      }
      const states = items.flatMap((item) => {
        const envelope = item.type === 'reasoning' ? unpackReasoning(item.encrypted_content) : undefined
        return envelope?.state.kind === 'chat' && envelope.state.isTextInSummary === undefined ? [envelope.state] : []
      })
      expect(states.flatMap((state) => state.details ?? [])).toEqual(stream.details)
      expect(Object.assign({}, ...states.map((state) => state.thoughtSignatures ?? {}))).toEqual(
        stream.thoughtSignatures,
      )
      expect(dropped).toEqual([])
      if (stream.usage)
        expect((terminal.response as { usage: { input_tokens: number } }).usage.input_tokens).toBe(stream.usage.prompt)
    }),
    { numRuns: 1000 },
  )
})

test('the validator is not a rubber stamp: a stream with one delta changed is refused', () => {
  fc.assert(
    fc.property(streamPlan, fc.nat(), (plan, pick) => {
      const events = translateWireAtCuts(
        openAiChatAdapter,
        chatContext({ registry: registryFor(plan.patchTool) }),
        buildStream(plan).wire,
        plan.byteCuts,
      )
      // Only a delta of an item that was done can be checked against it: a failed response drops open items.
      const doneIds = new Set(
        events.filter((event) => event.type === 'response.output_item.done').map((event) => (event.item as Item).id),
      )
      const deltas = events.filter((event) => event.type.endsWith('.delta') && doneIds.has(event.item_id))
      fc.pre(deltas.length > 0)
      const target = deltas[pick % deltas.length]
      if (target) target.delta = `${String(target.delta)}#`
      expect(validateResponsesStream(events)).not.toEqual([])
    }),
    { numRuns: 1000 },
  )
})
