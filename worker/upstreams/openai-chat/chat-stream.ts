import { assertNever } from '../../canonical/assert-never'
import { emitToolCall } from '../../canonical/emit-tool-call'
import { endAfterWithheldCall } from '../../canonical/withheld-tool-call'
import { packReasoning, type ChatReasoningState } from '../../canonical/reasoning-envelope'
import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import type { SseEvent } from '../../protocol/sse-decoder'
import type { ResponsesUsage } from '../../protocol/responses-usage'
import { failureToStreamError } from '../failure-to-client'
import { classifyStreamError } from '../upstream-failure'
import type { ChatTranslationContext } from './chat-context'
import { chatChunkOf, parseChatEvent } from './chat-stream-chunks'
import type { ChatDelta, ChatStreamChunk } from './chat-types'
import { chatUsageToResponses } from './chat-usage'
import { createChatReasoningWriter } from './chat-reasoning-writer'
import { createThinkTagSplitter } from './think-tag-splitter'
import { createToolCallAssembler, type AssembledToolCall } from './tool-call-assembler'

type Phase = 'streaming' | 'finished'

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
  const state: ChatStreamState = {
    phase: 'streaming',
    isDone: false,
    hasReasoningContent: false,
    reasoningDetails: [],
    refusal: [],
  }
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

  function content(value: ChatDelta['content']): void {
    if (typeof value === 'string') {
      const split = thinkTags.push(value)
      reasoning.add(split.reasoning, 'think_tag')
      text(split.text)
      return
    }
    if (value === undefined) return
    for (const part of value) {
      switch (part.type) {
        case 'text':
          text(part.text)
          break
        case 'thinking':
          for (const thought of part.texts) reasoning.add(thought, 'thinking_parts')
          break
        default:
          assertNever(part)
      }
    }
  }

  function onDelta(delta: ChatDelta): void {
    // `reasoning_content` wins when a server sends both (it is what DeepSeek needs back).
    if (delta.reasoning_content !== undefined) {
      state.hasReasoningContent = true
      reasoning.add(delta.reasoning_content, 'reasoning_content')
    } else if (delta.reasoning !== undefined) reasoning.add(delta.reasoning, 'reasoning')
    if (delta.reasoning_details !== undefined) state.reasoningDetails.push(...delta.reasoning_details)
    // OpenRouter's details are shown only when no plain reasoning field said the same.
    if (
      delta.reasoningDetailTexts !== undefined &&
      delta.reasoning_content === undefined &&
      delta.reasoning === undefined
    ) {
      for (const detailText of delta.reasoningDetailTexts) reasoning.add(detailText, 'reasoning_details')
    }
    content(delta.content)
    if (delta.refusal !== undefined) refusal(delta.refusal)
    if (delta.tool_calls !== undefined) for (const call of delta.tool_calls) toolCalls.push(call)
  }

  function onChunk(chunk: ChatStreamChunk): void {
    switch (chunk.kind) {
      case 'done':
        state.isDone = true
        finish()
        return
      case 'error': {
        const failure = failureToStreamError(classifyStreamError(chunk.error, context.secrets), context.slug)
        state.phase = 'finished'
        writer.fail(failure.code, failure.message)
        return
      }
      case 'chunk': {
        const usage = chatUsageToResponses(chunk.usage)
        if (usage) state.usage = usage
        if (chunk.delta) onDelta(chunk.delta)
        if (chunk.finish_reason !== undefined) state.finishReason = chunk.finish_reason
        return
      }
      case 'unknown':
        return
      default:
        assertNever(chunk)
    }
  }

  /** Gemini's thought signatures, OpenRouter's details and an empty `reasoning_content`, in one item after the text. */
  function addReasoningState(calls: AssembledToolCall[]): void {
    const signatures = Object.fromEntries(
      calls.filter((call) => call.thoughtSignature !== undefined).map((call) => [call.id, call.thoughtSignature ?? '']),
    )
    const hasSignatures = Object.keys(signatures).length > 0
    const isReasoningEmpty = state.hasReasoningContent && !reasoning.hasWrittenItem()
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
      endAfterWithheldCall(writer, {
        slug: context.slug,
        toolName: withheld,
        isCutByLimit,
        maxOutputTokens: context.maxOutputTokens,
      })
      return
    }
    if (isCutByLimit) writer.incomplete('max_output_tokens')
    else if (unusable.length > 0)
      writer.fail(
        'server_error',
        `${context.slug}: the model sent a tool call without a function name, so it was not run.`,
      )
    // Codex 0.169 drops a message holding a refusal part, so the refusal also travels in the one text it shows.
    else if (state.refusal.length > 0)
      writer.incomplete('content_filter', `${context.slug} declined to answer: ${state.refusal.join('')}`)
    else if (state.finishReason === 'content_filter') writer.incomplete('content_filter')
    else writer.complete()
  }

  return {
    onEvent(event: SseEvent): void {
      if (state.phase !== 'finished') onChunk(parseChatEvent(event.data))
    },
    /** The upstream body ended: with a finish reason that is a normal end, without one a failure Codex sees. */
    onEnd: finish,
    /** A whole non-streaming completion is one chunk whose choice carries `message` instead of `delta`. */
    onCompletion(body: unknown): void {
      onChunk(chatChunkOf(body))
      state.isDone = true
      finish()
    },
  }
}
