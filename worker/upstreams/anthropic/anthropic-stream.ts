import { assertNever } from '../../canonical/assert-never'
import { emitToolCall } from '../../canonical/emit-tool-call'
import { packReasoning } from '../../canonical/reasoning-envelope'
import { endAfterWithheldCall } from '../../canonical/withheld-tool-call'
import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import { isRecord } from '../../http/bad-request'
import type { SseEvent } from '../../protocol/sse-decoder'
import { failureToStreamError } from '../failure-to-client'
import { classifyStreamError } from '../upstream-failure'
import type { AnthropicTranslationContext } from './anthropic-context'
import { anthropicCompletionOf, parseAnthropicEvent } from './anthropic-stream-events'
import type { AnthropicDelta, AnthropicStreamBlock, AnthropicStreamEvent } from './anthropic-types'
import {
  anthropicUsageToResponses,
  emptyAnthropicUsage,
  mergeAnthropicUsage,
  type AnthropicUsageCounts,
} from './anthropic-usage'

type Phase = 'awaiting_message' | 'streaming' | 'stopped'

type OpenBlock =
  | { type: 'text' }
  | { type: 'tool_use'; id: string; name: string; json: string[]; input?: unknown }
  | { type: 'thinking'; thinking: string[]; signature: string[] }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'unknown' }

interface AnthropicStreamState {
  phase: Phase
  blocks: Map<number, OpenBlock>
  usage: AnthropicUsageCounts
  stopReason?: string
  /** The first tool call whose input did not parse (cut by max_tokens, or malformed); it was not written. */
  withheldCall?: string
}

/**
 * Anthropic Messages events → canonical Responses output (STYLE.md §3): text and thinking stream live; each
 * thinking block closes its reasoning item with the signed block packed byte-exact for the next turn; tool_use
 * input is assembled from `input_json_delta`s and written at `content_block_stop`; `stop_reason` and usage are
 * applied at `message_stop`. A body that ends before `message_stop` is a failure Codex sees.
 */
export function createAnthropicStreamTranslator(context: AnthropicTranslationContext, writer: ResponsesStreamWriter) {
  const state: AnthropicStreamState = {
    phase: 'awaiting_message',
    blocks: new Map(),
    usage: emptyAnthropicUsage(),
    withheldCall: undefined,
  }

  function openBlock(index: number, block: AnthropicStreamBlock): void {
    switch (block.type) {
      case 'text':
        state.blocks.set(index, { type: 'text' })
        writer.textDelta(block.text)
        return
      case 'tool_use':
        state.blocks.set(index, { type: 'tool_use', id: block.id, name: block.name, json: [], input: block.input })
        return
      case 'thinking':
        state.blocks.set(index, { type: 'thinking', thinking: [block.thinking], signature: [block.signature] })
        writer.reasoningDelta(block.thinking)
        return
      case 'redacted_thinking':
        state.blocks.set(index, { type: 'redacted_thinking', data: block.data })
        return
      case 'unknown':
        state.blocks.set(index, { type: 'unknown' })
        return
      default:
        assertNever(block)
    }
  }

  function appendToBlock(index: number, delta: AnthropicDelta): void {
    const block = state.blocks.get(index)
    if (!block) return
    switch (delta.type) {
      case 'text_delta':
        writer.textDelta(delta.text)
        return
      case 'input_json_delta':
        if (block.type === 'tool_use') block.json.push(delta.partial_json)
        return
      case 'thinking_delta':
        if (block.type !== 'thinking') return
        block.thinking.push(delta.thinking)
        writer.reasoningDelta(delta.thinking)
        return
      case 'signature_delta':
        if (block.type === 'thinking') block.signature.push(delta.signature)
        return
      default:
        assertNever(delta)
    }
  }

  function closeBlock(index: number): void {
    const block = state.blocks.get(index)
    state.blocks.delete(index)
    if (!block) return
    if (block.type === 'thinking') {
      const signed = { type: 'thinking', thinking: block.thinking.join(''), signature: block.signature.join('') }
      const envelope = packReasoning(context.origin, { kind: 'anthropic', blocks: [signed] })
      if (writer.hasOpenReasoning()) writer.endReasoning(envelope)
      else writer.addReasoningState(envelope)
    } else if (block.type === 'redacted_thinking') {
      writer.addReasoningState(
        packReasoning(context.origin, { kind: 'anthropic', blocks: [{ type: 'redacted_thinking', data: block.data }] }),
      )
    } else if (block.type === 'tool_use') {
      const json = block.json.join('')
      const args =
        json.trim() !== ''
          ? json
          : isRecord(block.input) && Object.keys(block.input).length > 0
            ? JSON.stringify(block.input)
            : '{}'
      const emission = emitToolCall(writer, context.registry, { id: block.id, name: block.name, arguments: args })
      if (emission.kind === 'withheld') state.withheldCall ??= emission.toolName
    }
  }

  function finishMessage(): void {
    if (state.phase === 'stopped') return
    state.phase = 'stopped'
    for (const index of [...state.blocks.keys()].sort((a, b) => a - b)) closeBlock(index)
    writer.setUsage(anthropicUsageToResponses(state.usage))
    if (state.withheldCall !== undefined) {
      endAfterWithheldCall(writer, {
        slug: context.slug,
        toolName: state.withheldCall,
        isCutByLimit: state.stopReason === 'max_tokens',
        maxOutputTokens: context.maxTokens,
      })
      return
    }
    switch (state.stopReason) {
      case 'max_tokens':
        writer.incomplete('max_output_tokens')
        return
      case 'refusal':
        writer.incomplete('content_filter')
        return
      case 'model_context_window_exceeded':
        writer.fail(
          'context_length_exceeded',
          `${context.slug}: the conversation no longer fits the model's context window.`,
        )
        return
      default:
        writer.complete()
        return
    }
  }

  function failFromUpstream(error: unknown): void {
    state.phase = 'stopped'
    const failure = failureToStreamError(classifyStreamError(error, context.secrets), context.slug)
    writer.fail(failure.code, failure.message)
  }

  function onStreamEvent(event: AnthropicStreamEvent): void {
    switch (event.type) {
      case 'message_start':
        state.phase = 'streaming'
        state.usage = mergeAnthropicUsage(state.usage, event.usage)
        return
      case 'content_block_start':
        openBlock(event.index, event.content_block)
        return
      case 'content_block_delta':
        appendToBlock(event.index, event.delta)
        return
      case 'content_block_stop':
        closeBlock(event.index)
        return
      case 'message_delta':
        if (event.stop_reason !== undefined) state.stopReason = event.stop_reason
        state.usage = mergeAnthropicUsage(state.usage, event.usage)
        return
      case 'message_stop':
        finishMessage()
        return
      case 'error':
        failFromUpstream(event.error)
        return
      case 'ping':
      case 'unknown':
        return
      default:
        assertNever(event)
    }
  }

  return {
    onEvent(event: SseEvent): void {
      if (state.phase !== 'stopped') onStreamEvent(parseAnthropicEvent(event.data))
    },
    onEnd(): void {
      if (state.phase !== 'stopped') {
        state.phase = 'stopped'
        writer.fail('server_error', `${context.slug}: the upstream ended the stream before message_stop.`)
      }
    },
    /** A complete Message: its blocks replayed through the same handlers, thinking included. */
    onCompletion(body: unknown): void {
      const completion = anthropicCompletionOf(body)
      if (completion.type === 'error') {
        failFromUpstream(completion.error)
        return
      }
      state.usage = mergeAnthropicUsage(state.usage, completion.usage)
      completion.content.forEach((block, index) => {
        openBlock(index, block)
        closeBlock(index)
      })
      if (completion.stop_reason !== undefined) state.stopReason = completion.stop_reason
      finishMessage()
    },
  }
}
