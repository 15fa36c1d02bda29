import fc from 'fast-check'
import type { ToolRegistry } from '../../../worker/canonical/tool-registry'
import type { AnthropicTranslationContext } from '../../../worker/upstreams/anthropic/anthropic-context'
import { sseText, type WireEvent } from '../helpers/replay-at-cuts'
import { cutsArb, splitText, textOf } from './stream-invariants'

/**
 * Arbitrary valid Anthropic Messages streams (wire-formats.md §3.4), serialized as SSE and
 * cut at arbitrary bytes, through the Anthropic translator and the Responses writer. Valid by construction:
 * `message_start`, then blocks opened in index order (text, thinking with its one `signature_delta`,
 * redacted_thinking, tool_use with `input_json_delta`s split anywhere, the first often `""`, or with the input
 * whole in the start block as compatible servers send it, a server tool's call and result, citations),
 * `message_delta` with any stop_reason, `message_stop`;
 * `ping` anywhere; and the endings streams have: complete, an `error` event anywhere, or cut off early.
 */

export const ORIGIN = 'f00dcafe'
export const registry: ToolRegistry = new Map([
  ['exec_command', { kind: 'function', name: 'exec_command' }],
  ['multi_agent_v1__spawn_agent', { kind: 'function', name: 'spawn_agent', namespace: 'multi_agent_v1' }],
  ['apply_patch', { kind: 'custom', name: 'apply_patch' }],
  ['local_shell', { kind: 'local_shell', name: 'local_shell' }],
])
export const context = (): AnthropicTranslationContext => ({
  slug: 'claude',
  registry,
  origin: ORIGIN,
  secrets: [],
  maxTokens: 32000,
})

export type ToolKind = 'function' | 'namespaced' | 'custom' | 'local_shell' | 'unknown'
export const NAMES: Record<ToolKind, string> = {
  function: 'exec_command',
  namespaced: 'multi_agent_v1__spawn_agent',
  custom: 'apply_patch',
  local_shell: 'local_shell',
  unknown: 'not_offered',
}
/** As JSON has it (`-0` reads back as `0`), since a tool's input crosses the wire as JSON. */
const jsonObject = fc
  .dictionary(fc.constantFrom('cmd', 'path', 'n', 'flags', 'note'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
  .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>)
const inputFor: Record<ToolKind, fc.Arbitrary<Record<string, unknown>>> = {
  function: jsonObject,
  namespaced: jsonObject,
  custom: textOf().map((input) => ({ input })),
  local_shell: fc
    .array(fc.constantFrom('ls', '-la', 'echo', 'hé 😀'), { minLength: 1, maxLength: 3 })
    .map((command) => ({ command })),
  unknown: jsonObject,
}

export type Block =
  | { type: 'text'; text: string; cuts: number[]; hasCitation: boolean }
  | { type: 'thinking'; thinking: string; cuts: number[]; signature: string; signatureCuts: number[] }
  /** A server tool's call and result (web search): nothing Codex runs, so nothing it sees. */
  | { type: 'server_tool'; query: string; cuts: number[] }
  | { type: 'redacted_thinking'; data: string }
  | {
      type: 'tool_use'
      kind: ToolKind
      input: Record<string, unknown>
      pretty: boolean
      cuts: number[]
      isFirstDeltaEmpty: boolean
      isInputInStart: boolean
    }

const signature = fc.stringMatching(/^[A-Za-z0-9+/]{8,40}={0,2}$/)
const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ type: fc.constant('text' as const), text: textOf(), cuts: cutsArb, hasCitation: fc.boolean() }),
  fc.record({
    type: fc.constant('thinking' as const),
    thinking: textOf(),
    cuts: cutsArb,
    signature,
    signatureCuts: fc.array(fc.nat({ max: 40 }), { maxLength: 2 }),
  }),
  fc.record({ type: fc.constant('server_tool' as const), query: textOf(), cuts: cutsArb }),
  fc.record({ type: fc.constant('redacted_thinking' as const), data: signature }),
  fc.constantFrom<ToolKind>('function', 'namespaced', 'custom', 'local_shell', 'unknown').chain((kind) =>
    fc.record({
      type: fc.constant('tool_use' as const),
      kind: fc.constant(kind),
      input: inputFor[kind],
      pretty: fc.boolean(),
      cuts: cutsArb,
      isFirstDeltaEmpty: fc.boolean(),
      isInputInStart: fc.boolean(),
    }),
  ),
)

type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'model_context_window_exceeded'
type Ending = { kind: 'complete' } | { kind: 'error'; at: number; isLast: boolean } | { kind: 'cut_off'; at: number }

export const streamPlan = fc.record({
  blocks: fc.array(block, { maxLength: 5 }),
  stopReason: fc.constantFrom<StopReason>(
    'end_turn',
    'end_turn',
    'tool_use',
    'tool_use',
    'max_tokens',
    'stop_sequence',
    'refusal',
    'model_context_window_exceeded',
  ),
  hasMessageDelta: fc.boolean(),
  usage: fc.record({
    input: fc.nat({ max: 5000 }),
    cacheRead: fc.nat({ max: 5000 }),
    cacheCreation: fc.nat({ max: 500 }),
    output: fc.nat({ max: 5000 }),
  }),
  pings: fc.array(fc.nat({ max: 80 }), { maxLength: 3 }),
  ending: fc.oneof(
    { arbitrary: fc.constant<Ending>({ kind: 'complete' }), weight: 4 },
    {
      arbitrary: fc.record({ kind: fc.constant('error' as const), at: fc.nat({ max: 80 }), isLast: fc.boolean() }),
      weight: 1,
    },
    { arbitrary: fc.record({ kind: fc.constant('cut_off' as const), at: fc.nat({ max: 80 }) }), weight: 1 },
  ),
  eol: fc.constantFrom('\n', '\r\n'),
  byteCuts: fc.array(fc.nat({ max: 4000 }), { maxLength: 12 }),
})
export type StreamPlan = typeof streamPlan extends fc.Arbitrary<infer T> ? T : never

export const event = (data: Record<string, unknown>): WireEvent => ({
  event: String(data.type),
  data: JSON.stringify(data),
})

/**
 * The wire events of the block at `position` of the plan, opened at wire `index`; a server tool's call and result
 * are two blocks on the wire. A tool_use is named by its position (`toolu_<position>`).
 */
function blockEvents(item: Block, index: number, position: number): WireEvent[] {
  const start = (content_block: Record<string, unknown>) => event({ type: 'content_block_start', index, content_block })
  const delta = (value: Record<string, unknown>) => event({ type: 'content_block_delta', index, delta: value })
  const stop = event({ type: 'content_block_stop', index })
  switch (item.type) {
    case 'text': {
      const citation = {
        type: 'citations_delta',
        citation: {
          type: 'web_search_result_location',
          url: 'https://example.com',
          title: 'Example',
          cited_text: 'x',
          encrypted_index: 'Eo8B',
        },
      }
      return [
        start({ type: 'text', text: '' }),
        ...splitText(item.text, item.cuts).map((text) => delta({ type: 'text_delta', text })),
        ...(item.hasCitation ? [delta(citation)] : []),
        stop,
      ]
    }
    case 'thinking':
      // Thinking deltas, then the signature before the stop: one signature_delta on the wire (fixture 20), here
      // sometimes several, which must join.
      return [
        start({ type: 'thinking', thinking: '', signature: '' }),
        ...splitText(item.thinking, item.cuts).map((thinking) => delta({ type: 'thinking_delta', thinking })),
        ...splitText(item.signature, item.signatureCuts).map((part) =>
          delta({ type: 'signature_delta', signature: part }),
        ),
        stop,
      ]
    case 'server_tool': {
      const id = `srvtoolu_${index}`
      const query = JSON.stringify({ query: item.query })
      return [
        start({ type: 'server_tool_use', id, name: 'web_search', input: {} }),
        ...splitText(query, item.cuts).map((partial_json) => delta({ type: 'input_json_delta', partial_json })),
        stop,
        event({
          type: 'content_block_start',
          index: index + 1,
          content_block: {
            type: 'web_search_tool_result',
            tool_use_id: id,
            content: [
              {
                type: 'web_search_result',
                url: 'https://example.com',
                title: 'Example',
                encrypted_content: 'Eo8B',
                page_age: null,
              },
            ],
          },
        }),
        event({ type: 'content_block_stop', index: index + 1 }),
      ]
    }
    case 'redacted_thinking':
      return [start({ type: 'redacted_thinking', data: item.data }), stop]
    case 'tool_use': {
      const id = `toolu_${position}`
      const json = JSON.stringify(item.input, null, item.pretty ? 2 : undefined)
      if (item.isInputInStart) return [start({ type: 'tool_use', id, name: NAMES[item.kind], input: item.input }), stop]
      const pieces = splitText(json, item.cuts)
      return [
        start({ type: 'tool_use', id, name: NAMES[item.kind], input: {} }),
        ...(item.isFirstDeltaEmpty ? [''] : [])
          .concat(pieces)
          .map((partial_json) => delta({ type: 'input_json_delta', partial_json })),
        stop,
      ]
    }
  }
}

export interface BuiltStream {
  wire: string
  /** The blocks the client must see whole: those closed before the stream failed, or all of them. */
  expectedBlocks: Block[]
  terminal: 'response.completed' | 'response.incomplete' | 'response.failed'
}

export function buildStream(plan: StreamPlan): BuiltStream {
  const { usage } = plan
  const events: WireEvent[] = [
    event({
      type: 'message_start',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-test',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage.input,
          cache_read_input_tokens: usage.cacheRead,
          cache_creation_input_tokens: usage.cacheCreation,
          output_tokens: 1,
        },
      },
    }),
  ]
  const closedAfter: number[] = []
  let index = 0
  plan.blocks.forEach((item, position) => {
    events.push(...blockEvents(item, index, position))
    index += item.type === 'server_tool' ? 2 : 1
    closedAfter.push(events.length)
  })
  if (plan.hasMessageDelta)
    events.push(
      event({
        type: 'message_delta',
        delta: { stop_reason: plan.stopReason, stop_sequence: null },
        usage: { output_tokens: usage.output },
      }),
    )
  events.push(event({ type: 'message_stop' }))

  let failsAt = Number.POSITIVE_INFINITY
  if (plan.ending.kind === 'error') {
    // Anywhere before message_stop: an error after it is never read.
    failsAt = plan.ending.at % events.length
    const error = event({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })
    if (plan.ending.isLast) events.splice(failsAt, events.length - failsAt, error)
    else events.splice(failsAt, 0, error)
  } else if (plan.ending.kind === 'cut_off') {
    // Cut before message_stop: everything after a point that may be anywhere before it is lost.
    failsAt = plan.ending.at % events.length
    events.splice(failsAt)
  }
  // Pings go anywhere but after the last event, so they never hide a cut-off stream's end.
  for (const at of plan.pings) events.splice(at % (events.length + 1), 0, event({ type: 'ping' }))
  const wire = sseText(events).replaceAll('\n', plan.eol)

  const stopReason = plan.hasMessageDelta ? plan.stopReason : 'end_turn'
  const isFailed = failsAt !== Number.POSITIVE_INFINITY || stopReason === 'model_context_window_exceeded'
  return {
    wire,
    expectedBlocks: plan.blocks.filter((_, index) => (closedAfter[index] ?? 0) <= failsAt),
    terminal: isFailed
      ? 'response.failed'
      : stopReason === 'max_tokens' || stopReason === 'refusal'
        ? 'response.incomplete'
        : 'response.completed',
  }
}
