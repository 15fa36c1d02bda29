import fc from 'fast-check'
import { sseText, type WireEvent } from '../helpers/replay-at-cuts'
import { callDeltas, calls, INDEXED, type CallStyle, type GeneratedCall, type PatchTool } from './chat-tool-call-deltas'
import { cutsArb, interleave, nonEmptyTextOf, splitText, TEXT_TOKENS, textOf } from './stream-invariants'

/**
 * Arbitrary valid chat-completions streams (wire-formats.md §2.2, §5), serialized as SSE and
 * cut at arbitrary bytes, through the chat translator and the Responses writer. Every stream is valid by
 * construction: text (with or without a leading `<think>`, and `<think>` mid-answer), `reasoning_content` and
 * `reasoning` deltas, refusals, tool calls in each provider's fragment style (OpenAI, Qwen's `"id":""`,
 * Gemini's repeated ids with inconsistent indexes, whole calls, Mistral's calls without index, LiteLLM's summary
 * repeat, Kimi's split names, Ollama's parallel calls in one chunk) to every kind of tool (function, namespaced,
 * freeform, local shell, the hosted apply_patch with real patches, one not offered), Magistral's content parts,
 * OpenRouter's `reasoning_details`, Gemini's thought signatures, every finish_reason, usage in each place
 * providers put it, and the endings providers have: `[DONE]`, EOF after finish_reason, EOF without one, or an
 * error chunk.
 */

type Think = 'none' | 'closed' | 'unclosed'
/** Text that never spells `</think>` (no slash), for the inside of a tag that must stay open. */
const NO_CLOSE_TOKENS = TEXT_TOKENS.filter((token) => !token.includes('/'))

const content = fc.record({
  think: fc.constantFrom<Think>('none', 'none', 'closed', 'unclosed'),
  leading: fc.constantFrom('', ' ', '\n\n'),
  reasoning: textOf(NO_CLOSE_TOKENS),
  answer: textOf(),
})

interface ExpectedContent {
  wire: string
  text: string
  thinkReasoning: string
}

/** The content the stream carries, and what must come out of it: `<think>` counts only at the start. */
function contentPlan({
  think,
  leading,
  reasoning,
  answer,
}: {
  think: Think
  leading: string
  reasoning: string
  answer: string
}): ExpectedContent {
  if (think === 'closed')
    return { wire: `${leading}<think>${reasoning}</think>${answer}`, text: answer, thinkReasoning: reasoning }
  // Never closed, it was not reasoning after all: the text comes back as the answer, tag and all.
  if (think === 'unclosed')
    return { wire: `${leading}<think>${reasoning}`, text: `<think>${reasoning}`, thinkReasoning: reasoning }
  const text = answer.trimStart().startsWith('<think>') ? `x${answer}` : answer
  return { wire: text, text, thinkReasoning: '' }
}

type Finish = 'stop' | 'length' | 'tool_calls' | 'content_filter' | undefined
type UsagePlace = 'none' | 'finish_chunk' | 'trailing_chunk' | 'x_groq' | 'choice'
type Ending = { kind: 'done' } | { kind: 'eof' } | { kind: 'error'; at: number }

export const streamPlan = fc
  .record({
    content,
    contentCuts: cutsArb,
    reasoningContent: textOf(NO_CLOSE_TOKENS),
    reasoningContentCuts: cutsArb,
    reasoningField: textOf(NO_CLOSE_TOKENS),
    reasoningFieldCuts: cutsArb,
    refusal: fc.oneof({ arbitrary: fc.constant(''), weight: 3 }, { arbitrary: nonEmptyTextOf(), weight: 1 }),
    refusalCuts: cutsArb,
    emptyReasoningContent: fc.boolean(),
    /** OpenRouter sends `reasoning_details` beside each `reasoning` delta. */
    hasReasoningDetails: fc.boolean(),
    /** Magistral streams content as typed parts, thinking included, and never as `<think>` text. */
    isMagistral: fc.boolean(),
    magistralThinking: textOf(NO_CLOSE_TOKENS),
    magistralThinkingCuts: cutsArb,
    patchTool: fc.constantFrom<PatchTool>('freeform', 'hosted'),
    callStyle: fc.constantFrom<CallStyle>(
      'openai',
      'qwen',
      'gemini',
      'whole',
      'ollama',
      'mistral',
      'no_index',
      'litellm',
      'kimi',
    ),
    hasThoughtSignatures: fc.boolean(),
    callCuts: fc.array(cutsArb, { minLength: 3, maxLength: 3 }),
    callNoise: fc.nat({ max: 7 }),
    interleaving: fc.array(fc.nat(), { maxLength: 40 }),
    roleChunk: fc.constantFrom('none', 'empty_content', 'null_content'),
    finish: fc.constantFrom<Finish>('stop', 'stop', 'tool_calls', 'tool_calls', 'length', 'content_filter', undefined),
    isFinishOnLastDelta: fc.boolean(),
    usage: fc.record({
      place: fc.constantFrom<UsagePlace>('none', 'finish_chunk', 'trailing_chunk', 'x_groq', 'choice'),
      prompt: fc.nat({ max: 5000 }),
      completion: fc.nat({ max: 5000 }),
      cached: fc.nat({ max: 100 }),
    }),
    ending: fc.oneof(
      { arbitrary: fc.constant<Ending>({ kind: 'done' }), weight: 2 },
      { arbitrary: fc.constant<Ending>({ kind: 'eof' }), weight: 2 },
      { arbitrary: fc.nat({ max: 60 }).map((at): Ending => ({ kind: 'error', at })), weight: 1 },
    ),
    eol: fc.constantFrom('\n', '\r\n'),
    comments: fc.array(fc.nat({ max: 60 }), { maxLength: 2 }),
    byteCuts: fc.array(fc.nat({ max: 4000 }), { maxLength: 12 }),
  })
  .chain((plan) =>
    calls(plan.patchTool).map((generated) => ({
      ...plan,
      calls: generated.map((entry) =>
        plan.callStyle === 'gemini' && plan.hasThoughtSignatures
          ? { ...entry, thoughtSignature: `sig-${entry.id}` }
          : entry,
      ),
    })),
  )
export type StreamPlan = typeof streamPlan extends fc.Arbitrary<infer T> ? T : never

export interface BuiltStream {
  wire: string
  text: string
  reasoning: Record<'think_tag' | 'reasoning_content' | 'reasoning' | 'thinking_parts', string>
  /** OpenRouter's details and Gemini's signatures, which travel in a reasoning item of their own. */
  details: unknown[]
  thoughtSignatures: Record<string, string>
  refusal: string
  calls: GeneratedCall[]
  usage?: { prompt: number }
  terminal: 'response.completed' | 'response.incomplete' | 'response.failed'
}

export function buildStream(plan: StreamPlan): BuiltStream {
  // Typed parts bypass the `<think>` splitter: what Magistral sends as text is all answer.
  const planned = plan.isMagistral
    ? { wire: plan.content.answer, text: plan.content.answer, thinkReasoning: '' }
    : contentPlan(plan.content)
  const style = plan.callStyle
  const details: unknown[] = []
  const contentDelta = (piece: string) =>
    plan.isMagistral ? { content: [{ type: 'text', text: piece }] } : { content: piece }
  const deltaLists: Record<string, unknown>[][] = [
    splitText(planned.wire, plan.contentCuts).map((piece) =>
      plan.emptyReasoningContent ? { ...contentDelta(piece), reasoning_content: '' } : contentDelta(piece),
    ),
    splitText(plan.reasoningContent, plan.reasoningContentCuts).map((piece) => ({ reasoning_content: piece })),
    splitText(plan.reasoningField, plan.reasoningFieldCuts).map((piece) => {
      if (!plan.hasReasoningDetails) return { reasoning: piece }
      const detail = { type: 'reasoning.text', text: piece, format: 'unknown', index: 0 }
      details.push(detail)
      return { reasoning: piece, reasoning_details: [detail] }
    }),
    splitText(plan.isMagistral ? plan.magistralThinking : '', plan.magistralThinkingCuts).map((piece) => ({
      content: [{ type: 'thinking', thinking: [{ type: 'text', text: piece }] }],
    })),
    splitText(plan.refusal, plan.refusalCuts).map((piece) => ({ content: null, refusal: piece })),
  ]
  const perCall = plan.calls.map((generated, index) =>
    callDeltas(generated, index, style, plan.callCuts[index] ?? [], plan.callNoise).map((toolCall) => ({
      tool_calls: [toolCall],
    })),
  )
  // Calls keyed by index may interleave; without an index, each call must be whole before the next starts;
  // Ollama sends all its calls whole in one chunk (fixture 16).
  if (style === 'ollama')
    deltaLists.push(
      perCall.length === 0
        ? []
        : [{ tool_calls: perCall.flatMap((deltas) => deltas.flatMap((delta) => delta.tool_calls)) }],
    )
  else if (INDEXED.has(style)) deltaLists.push(...perCall)
  else deltaLists.push(perCall.flat())
  const deltas = interleave(deltaLists, plan.interleaving)
  // Calls come back in the order they started, which interleaving may change.
  const startOrder = [
    ...new Set(
      deltas.flatMap((delta) =>
        ((delta.tool_calls as { id?: string }[] | undefined) ?? []).flatMap((toolCall) =>
          toolCall.id ? [toolCall.id] : [],
        ),
      ),
    ),
  ]

  const usage = {
    prompt_tokens: plan.usage.prompt,
    completion_tokens: plan.usage.completion,
    total_tokens: plan.usage.prompt + plan.usage.completion,
    prompt_tokens_details: { cached_tokens: Math.min(plan.usage.cached, plan.usage.prompt) },
  }
  const chunk = (delta: Record<string, unknown> | undefined, finish: Finish, extra: Record<string, unknown> = {}) => ({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1770933892,
    model: 'test-upstream',
    choices:
      delta === undefined
        ? []
        : [
            {
              index: 0,
              delta,
              logprobs: null,
              finish_reason: finish ?? null,
              ...(extra.choiceUsage ? { usage: extra.choiceUsage } : {}),
            },
          ],
    ...(extra.usage ? { usage: extra.usage } : {}),
    ...(extra.x_groq ? { x_groq: extra.x_groq } : {}),
  })
  const chunks: unknown[] = []
  if (plan.roleChunk === 'empty_content') chunks.push(chunk({ role: 'assistant', content: '' }, undefined))
  if (plan.roleChunk === 'null_content')
    chunks.push(chunk({ role: 'assistant', content: null, refusal: null }, undefined))
  const finishUsage =
    plan.usage.place === 'finish_chunk'
      ? { usage }
      : plan.usage.place === 'x_groq'
        ? { x_groq: { usage } }
        : plan.usage.place === 'choice'
          ? { choiceUsage: usage }
          : {}
  deltas.forEach((delta, position) => {
    const isLast = position === deltas.length - 1
    // Mistral and Groq put finish_reason (and usage) on the chunk with the last delta.
    const finishHere = isLast && plan.isFinishOnLastDelta && plan.finish !== undefined
    chunks.push(chunk(delta, finishHere ? plan.finish : undefined, finishHere ? finishUsage : {}))
  })
  if (plan.finish !== undefined && !(plan.isFinishOnLastDelta && deltas.length > 0))
    chunks.push(chunk({}, plan.finish, finishUsage))
  if (plan.usage.place === 'trailing_chunk') chunks.push(chunk(undefined, undefined, { usage }))
  const isUsageSent =
    plan.usage.place === 'trailing_chunk' || (plan.usage.place !== 'none' && plan.finish !== undefined)
  if (plan.ending.kind === 'error')
    chunks.splice(plan.ending.at % (chunks.length + 1), 0, {
      error: { message: 'The server had an error while processing your request.', type: 'server_error', code: null },
    })

  const events: WireEvent[] = chunks.map((value) => ({ data: JSON.stringify(value) }))
  if (plan.ending.kind === 'done') events.push({ data: '[DONE]' })
  for (const at of plan.comments) events.splice(at % (events.length + 1), 0, { data: '' })
  // An empty `data` stands for a comment line (OpenRouter's `: OPENROUTER PROCESSING`); it is written as one.
  const wire = sseText(events).replaceAll('data: \n\n', ': OPENROUTER PROCESSING\n\n').replaceAll('\n', plan.eol)

  const hasFinished = plan.ending.kind === 'done' || plan.finish !== undefined
  const terminal =
    plan.ending.kind === 'error' || !hasFinished
      ? 'response.failed'
      : plan.finish === 'length' || plan.refusal !== '' || plan.finish === 'content_filter'
        ? 'response.incomplete'
        : 'response.completed'
  return {
    wire,
    text: planned.text,
    reasoning: {
      think_tag: planned.thinkReasoning,
      reasoning_content: plan.reasoningContent,
      reasoning: plan.reasoningField,
      thinking_parts: plan.isMagistral ? plan.magistralThinking : '',
    },
    details,
    thoughtSignatures: Object.fromEntries(
      plan.calls.flatMap((generated) =>
        generated.thoughtSignature === undefined ? [] : [[generated.id, generated.thoughtSignature]],
      ),
    ),
    refusal: plan.refusal,
    calls: startOrder.map((id) => plan.calls.find((generated) => generated.id === id) as GeneratedCall),
    usage: isUsageSent ? { prompt: plan.usage.prompt } : undefined,
    terminal,
  }
}
