import { emitToolCall } from '../../canonical/emit-tool-call'
import { endAfterWithheldCall } from '../../canonical/withheld-tool-call'
import { packReasoning, type ChatReasoningState } from '../../canonical/reasoning-envelope'
import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import { isRecord } from '../../http/bad-request'
import type { SseEvent } from '../../protocol/sse-decoder'
import type { ResponsesUsage } from '../../protocol/responses-usage'
import { failureToStreamError } from '../failure-to-client'
import { classifyStreamError } from '../upstream-failure'
import type { ChatTranslationContext } from './chat-context'
import { chatUsageToResponses, findChunkUsage } from './chat-usage'
import { createChatReasoningWriter } from './chat-reasoning-writer'
import { createThinkTagSplitter } from './think-tag-splitter'
import { createToolCallAssembler, type AssembledToolCall } from './tool-call-assembler'

type Phase = 'streaming' | 'finished'

const REASONING_FIELDS = ['reasoning_content', 'reasoning'] as const

interface ChatStreamState {
  phase: Phase
  finishReason?: string
  isDone: boolean
  usage?: ResponsesUsage
  /** The upstream sent `reasoning_content` at all (even empty): DeepSeek then needs it back next turn. */
  hasReasoningContent: boolean
  reasoningDetails: unknown[]
  /** What the model said instead of answering (`delta.refusal`). */
  refusal: string[]
}

/**
 * Chat-completion chunks → canonical Responses output, through the stream writer. Text, refusals and reasoning
 * stream live; tool calls are assembled across chunks and written whole when the upstream finishes, which is the
 * only point where every provider's fragments are known to be complete (a call whose arguments then do not parse
 * is never written: see withheld-tool-call.ts).
 */
export function createChatStreamTranslator(context: ChatTranslationContext, writer: ResponsesStreamWriter) {
  const state: ChatStreamState = { phase: 'streaming', isDone: false, hasReasoningContent: false, reasoningDetails: [], refusal: [] }
  const thinkTags = createThinkTagSplitter()
  const toolCalls = createToolCallAssembler(new Set(context.registry.keys()))
  const reasoning = createChatReasoningWriter(writer, context.origin)

  function text(delta: string): void {
    if (delta === '') return
    reasoning.end()
    writer.textDelta(delta)
  }

  function refusal(delta: string): void {
    if (delta === '') return
    reasoning.end()
    writer.refusalDelta(delta)
    state.refusal.push(delta)
  }

  function content(value: unknown): void {
    if (typeof value === 'string') {
      const split = thinkTags.push(value)
      reasoning.add(split.reasoning, 'think_tag')
      text(split.text)
      return
    }
    // Mistral's Magistral streams content as typed parts, with thinking inside (fixture 14).
    if (!Array.isArray(value)) return
    for (const part of value) {
      if (!isRecord(part)) continue
      if (part.type === 'text' && typeof part.text === 'string') text(part.text)
      else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
        for (const inner of part.thinking) if (isRecord(inner) && typeof inner.text === 'string') reasoning.add(inner.text, 'thinking_parts')
      }
    }
  }

  function onDelta(delta: Record<string, unknown>): void {
    const field = REASONING_FIELDS.find((key) => typeof delta[key] === 'string')
    if (field === 'reasoning_content') state.hasReasoningContent = true
    if (field !== undefined) reasoning.add(String(delta[field]), field)
    if (Array.isArray(delta.reasoning_details)) {
      state.reasoningDetails.push(...delta.reasoning_details)
      if (field === undefined) {
        for (const detail of delta.reasoning_details) {
          if (isRecord(detail)) reasoning.add(typeof detail.text === 'string' ? detail.text : typeof detail.summary === 'string' ? detail.summary : '', 'reasoning_details')
        }
      }
    }
    content(delta.content)
    if (typeof delta.refusal === 'string') refusal(delta.refusal)
    if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) toolCalls.push(call)
  }

  function onChunk(chunk: unknown): void {
    if (Array.isArray(chunk) || (isRecord(chunk) && chunk.error !== undefined && chunk.error !== null)) {
      const error = Array.isArray(chunk) ? (isRecord(chunk[0]) ? chunk[0].error : chunk[0]) : (chunk as Record<string, unknown>).error
      const failure = failureToStreamError(classifyStreamError(error, context.secrets), context.slug)
      state.phase = 'finished'
      writer.fail(failure.code, failure.message)
      return
    }
    if (!isRecord(chunk)) return
    const usage = chatUsageToResponses(findChunkUsage(chunk))
    if (usage) state.usage = usage
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined
    if (!isRecord(choice)) return
    const delta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : undefined
    if (delta) onDelta(delta)
    if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') state.finishReason = choice.finish_reason
  }

  /** Gemini's thought signatures, OpenRouter's details and an empty `reasoning_content`, in one item after the text. */
  function addReasoningState(calls: AssembledToolCall[]): void {
    const signatures = Object.fromEntries(calls.filter((call) => call.thoughtSignature !== undefined).map((call) => [call.id, call.thoughtSignature ?? '']))
    const hasSignatures = Object.keys(signatures).length > 0
    const isReasoningEmpty = state.hasReasoningContent && !reasoning.hasWrittenItem
    if (!hasSignatures && state.reasoningDetails.length === 0 && !isReasoningEmpty) return
    const reasoningState: ChatReasoningState = { kind: 'chat' }
    if (isReasoningEmpty) reasoningState.source = 'reasoning_content'
    if (hasSignatures) reasoningState.thoughtSignatures = signatures
    if (state.reasoningDetails.length > 0) reasoningState.details = state.reasoningDetails
    writer.addReasoningState(packReasoning(context.origin, reasoningState))
  }

  function finish(): void {
    if (state.phase === 'finished') return
    state.phase = 'finished'
    const rest = thinkTags.flush()
    reasoning.add(rest.reasoning, 'think_tag')
    text(rest.text)
    if (!state.isDone && state.finishReason === undefined) {
      writer.fail('server_error', `${context.slug}: the upstream ended the stream before finishing the answer.`)
      return
    }
    reasoning.end()
    const { calls, unusable } = toolCalls.finish()
    context.dropped?.push(...unusable)
    addReasoningState(calls)
    let withheld: string | undefined
    for (const call of calls) {
      const emission = emitToolCall(writer, context.registry, call)
      if (emission.kind === 'withheld') withheld ??= emission.toolName
    }
    if (state.usage) writer.setUsage(state.usage)
    const isCutByLimit = state.finishReason === 'length'
    if (withheld !== undefined) {
      return endAfterWithheldCall(writer, { slug: context.slug, toolName: withheld, isCutByLimit, maxOutputTokens: context.maxOutputTokens })
    }
    if (isCutByLimit) writer.incomplete('max_output_tokens')
    else if (unusable.length > 0) writer.fail('server_error', `${context.slug}: the model sent a tool call without a function name, so it was not run.`)
    // Codex 0.169 drops a message holding a refusal part, so the refusal also travels in the one text it shows.
    else if (state.refusal.length > 0) writer.incomplete('content_filter', `${context.slug} declined to answer: ${state.refusal.join('')}`)
    else if (state.finishReason === 'content_filter') writer.incomplete('content_filter')
    else writer.complete()
  }

  return {
    onEvent(event: SseEvent): void {
      if (state.phase === 'finished') return
      if (event.data === '[DONE]') {
        state.isDone = true
        return finish()
      }
      let chunk: unknown
      try {
        chunk = JSON.parse(event.data)
      } catch {
        // Servers interleave non-JSON lines (comments without the colon, banners); the spec says skip them.
        return
      }
      onChunk(chunk)
    },
    /** The upstream body ended: with a finish reason that is a normal end, without one a failure Codex sees. */
    onEnd: finish,
    /** A whole non-streaming completion is one chunk whose choice carries `message` instead of `delta`. */
    onCompletion(body: unknown): void {
      onChunk(body)
      state.isDone = true
      finish()
    },
  }
}
