import { emitToolCall } from '../../canonical/emit-tool-call'
import { endAfterWithheldCall } from '../../canonical/withheld-tool-call'
import { packReasoning } from '../../canonical/reasoning-envelope'
import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import { isRecord } from '../../http/bad-request'
import type { SseEvent } from '../../protocol/sse-decoder'
import type { ResponsesUsage } from '../../protocol/responses-usage'
import { failureToStreamError } from '../failure-to-client'
import { classifyStreamError } from '../upstream-failure'
import type { ChatTranslationContext } from './chat-context'
import { chatUsageToResponses, findChunkUsage } from './chat-usage'
import { createThinkTagSplitter } from './think-tag-splitter'
import { createToolCallAssembler } from './tool-call-assembler'

type Phase = 'streaming' | 'finished'

interface ChatStreamState {
  phase: Phase
  finishReason?: string
  isDone: boolean
  usage?: ResponsesUsage
  /** The upstream sent a reasoning field at all (even empty): DeepSeek then needs it back next turn. */
  hasReasoningField: boolean
  hasReasoningItem: boolean
  reasoningDetails: unknown[]
}

/**
 * Chat-completion chunks → canonical Responses output, through the stream writer. Text and reasoning stream
 * live; tool calls are assembled across chunks and written whole when the upstream finishes, which is the only
 * point where every provider's fragments are known to be complete (a call whose arguments then do not parse is
 * never written: see withheld-tool-call.ts).
 */
export function createChatStreamTranslator(context: ChatTranslationContext, writer: ResponsesStreamWriter) {
  const state: ChatStreamState = { phase: 'streaming', isDone: false, hasReasoningField: false, hasReasoningItem: false, reasoningDetails: [] }
  const thinkTags = createThinkTagSplitter()
  const toolCalls = createToolCallAssembler(new Set(context.registry.keys()))

  function reasoning(text: string): void {
    if (text === '') return
    state.hasReasoningItem = true
    writer.reasoningDelta(text)
  }

  function content(value: unknown): void {
    if (typeof value === 'string') {
      const split = thinkTags.push(value)
      reasoning(split.reasoning)
      writer.textDelta(split.text)
      return
    }
    // Mistral's Magistral streams content as typed parts, with thinking inside (fixture 14).
    if (!Array.isArray(value)) return
    for (const part of value) {
      if (!isRecord(part)) continue
      if (part.type === 'text' && typeof part.text === 'string') writer.textDelta(part.text)
      else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
        for (const inner of part.thinking) if (isRecord(inner) && typeof inner.text === 'string') reasoning(inner.text)
      }
    }
  }

  function onDelta(delta: Record<string, unknown>): void {
    for (const key of ['reasoning_content', 'reasoning'] as const) {
      if (key in delta && delta[key] !== null) state.hasReasoningField = true
      if (typeof delta[key] === 'string') {
        reasoning(delta[key])
        break
      }
    }
    if (Array.isArray(delta.reasoning_details)) {
      state.reasoningDetails.push(...delta.reasoning_details)
      if (typeof delta.reasoning_content !== 'string' && typeof delta.reasoning !== 'string') {
        for (const detail of delta.reasoning_details) {
          if (isRecord(detail)) reasoning(typeof detail.text === 'string' ? detail.text : typeof detail.summary === 'string' ? detail.summary : '')
        }
      }
    }
    content(delta.content)
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

  function finish(): void {
    if (state.phase === 'finished') return
    state.phase = 'finished'
    const rest = thinkTags.flush()
    reasoning(rest.reasoning)
    writer.textDelta(rest.text)
    if (!state.isDone && state.finishReason === undefined) {
      writer.fail('server_error', `${context.slug}: the upstream ended the stream before finishing the answer.`)
      return
    }
    const calls = toolCalls.finish()
    const signatures = Object.fromEntries(calls.filter((call) => call.thoughtSignature !== undefined).map((call) => [call.id, call.thoughtSignature ?? '']))
    const hasSignatures = Object.keys(signatures).length > 0
    if (hasSignatures || state.reasoningDetails.length > 0 || (state.hasReasoningField && !state.hasReasoningItem)) {
      const extra = { kind: 'chat' as const, ...(hasSignatures ? { thoughtSignatures: signatures } : {}), ...(state.reasoningDetails.length > 0 ? { details: state.reasoningDetails } : {}) }
      writer.addReasoningState(packReasoning(context.origin, extra))
    }
    let withheld: string | undefined
    for (const call of calls) {
      const emission = emitToolCall(writer, context.registry, call)
      if (emission.kind === 'withheld') withheld ??= emission.toolName
    }
    if (state.usage) writer.setUsage(state.usage)
    if (withheld !== undefined) {
      return endAfterWithheldCall(writer, { slug: context.slug, toolName: withheld, isCutByLimit: state.finishReason === 'length', maxOutputTokens: context.maxOutputTokens })
    }
    if (state.finishReason === 'length') writer.incomplete('max_output_tokens')
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
