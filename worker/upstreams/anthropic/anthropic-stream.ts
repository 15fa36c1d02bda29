import { emitToolCall } from '../../canonical/emit-tool-call'
import { packReasoning } from '../../canonical/reasoning-envelope'
import { endAfterWithheldCall } from '../../canonical/withheld-tool-call'
import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import { isRecord } from '../../http/bad-request'
import type { SseEvent } from '../../protocol/sse-decoder'
import { failureToStreamError } from '../failure-to-client'
import { classifyStreamError } from '../upstream-failure'
import type { AnthropicTranslationContext } from './anthropic-context'
import { anthropicUsageToResponses, emptyAnthropicUsage, mergeAnthropicUsage, type AnthropicUsageCounts } from './anthropic-usage'

type Phase = 'awaiting_message' | 'streaming' | 'stopped'

type OpenBlock =
  | { type: 'text' }
  | { type: 'tool_use'; id: string; name: string; json: string[]; input?: unknown }
  | { type: 'thinking'; thinking: string[]; signature: string[] }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'other' }

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
  const state: AnthropicStreamState = { phase: 'awaiting_message', blocks: new Map(), usage: emptyAnthropicUsage(), withheldCall: undefined }

  function openBlock(index: number, block: Record<string, unknown>): void {
    switch (block.type) {
      case 'text':
        state.blocks.set(index, { type: 'text' })
        if (typeof block.text === 'string') writer.textDelta(block.text)
        return
      case 'tool_use':
        state.blocks.set(index, { type: 'tool_use', id: String(block.id ?? ''), name: String(block.name ?? ''), json: [], input: block.input })
        return
      case 'thinking': {
        const thinking = typeof block.thinking === 'string' ? block.thinking : ''
        state.blocks.set(index, { type: 'thinking', thinking: [thinking], signature: [typeof block.signature === 'string' ? block.signature : ''] })
        writer.reasoningDelta(thinking)
        return
      }
      case 'redacted_thinking':
        state.blocks.set(index, { type: 'redacted_thinking', data: String(block.data ?? '') })
        return
      default:
        state.blocks.set(index, { type: 'other' })
    }
  }

  function appendToBlock(index: number, delta: Record<string, unknown>): void {
    const block = state.blocks.get(index)
    if (!block) return
    if (delta.type === 'text_delta' && typeof delta.text === 'string') writer.textDelta(delta.text)
    else if (delta.type === 'input_json_delta' && block.type === 'tool_use' && typeof delta.partial_json === 'string') block.json.push(delta.partial_json)
    else if (delta.type === 'thinking_delta' && block.type === 'thinking' && typeof delta.thinking === 'string') {
      block.thinking.push(delta.thinking)
      writer.reasoningDelta(delta.thinking)
    } else if (delta.type === 'signature_delta' && block.type === 'thinking' && typeof delta.signature === 'string') block.signature.push(delta.signature)
  }

  function closeBlock(index: number): void {
    const block = state.blocks.get(index)
    state.blocks.delete(index)
    if (!block) return
    if (block.type === 'thinking') {
      const signed = { type: 'thinking', thinking: block.thinking.join(''), signature: block.signature.join('') }
      const envelope = packReasoning(context.origin, { kind: 'anthropic', blocks: [signed] })
      if (writer.hasOpenReasoning) writer.endReasoning(envelope)
      else writer.addReasoningState(envelope)
    } else if (block.type === 'redacted_thinking') {
      writer.addReasoningState(packReasoning(context.origin, { kind: 'anthropic', blocks: [{ type: 'redacted_thinking', data: block.data }] }))
    } else if (block.type === 'tool_use') {
      const json = block.json.join('')
      const args = json.trim() !== '' ? json : isRecord(block.input) && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '{}'
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
      return endAfterWithheldCall(writer, { slug: context.slug, toolName: state.withheldCall, isCutByLimit: state.stopReason === 'max_tokens', maxOutputTokens: context.maxTokens })
    }
    switch (state.stopReason) {
      case 'max_tokens':
        return writer.incomplete('max_output_tokens')
      case 'refusal':
        return writer.incomplete('content_filter')
      case 'model_context_window_exceeded':
        return writer.fail('context_length_exceeded', `${context.slug}: the conversation no longer fits the model's context window.`)
      default:
        return writer.complete()
    }
  }

  function failFromUpstream(error: unknown): void {
    state.phase = 'stopped'
    const failure = failureToStreamError(classifyStreamError(error, context.secrets), context.slug)
    writer.fail(failure.code, failure.message)
  }

  function onMessageEvent(event: Record<string, unknown>): void {
    switch (event.type) {
      case 'message_start':
        state.phase = 'streaming'
        state.usage = mergeAnthropicUsage(state.usage, isRecord(event.message) ? event.message.usage : undefined)
        return
      case 'content_block_start':
        if (typeof event.index === 'number' && isRecord(event.content_block)) openBlock(event.index, event.content_block)
        return
      case 'content_block_delta':
        if (typeof event.index === 'number' && isRecord(event.delta)) appendToBlock(event.index, event.delta)
        return
      case 'content_block_stop':
        if (typeof event.index === 'number') closeBlock(event.index)
        return
      case 'message_delta':
        if (isRecord(event.delta) && typeof event.delta.stop_reason === 'string') state.stopReason = event.delta.stop_reason
        state.usage = mergeAnthropicUsage(state.usage, event.usage)
        return
      case 'message_stop':
        return finishMessage()
      case 'error':
        return failFromUpstream(event.error)
      default:
        // `ping` and event types added after this was written.
        return
    }
  }

  return {
    onEvent(event: SseEvent): void {
      if (state.phase === 'stopped') return
      let parsed: unknown
      try {
        parsed = JSON.parse(event.data)
      } catch {
        return
      }
      if (isRecord(parsed)) onMessageEvent(parsed)
    },
    onEnd(): void {
      if (state.phase !== 'stopped') {
        state.phase = 'stopped'
        writer.fail('server_error', `${context.slug}: the upstream ended the stream before message_stop.`)
      }
    },
    /** A complete Message: its blocks replayed through the same handlers, thinking included. */
    onCompletion(body: unknown): void {
      // An error body has no `content`; its own message says what went wrong, so it is looked at first.
      if (isRecord(body) && body.type === 'error') return failFromUpstream(body.error ?? body)
      if (isRecord(body) && body.content === undefined && isRecord(body.error)) return failFromUpstream(body.error)
      if (!isRecord(body) || !Array.isArray(body.content)) return failFromUpstream({ message: 'the upstream answered with something that is not a Message' })
      state.usage = mergeAnthropicUsage(state.usage, body.usage)
      body.content.forEach((block, index) => {
        if (!isRecord(block)) return
        if (block.type === 'tool_use') {
          state.blocks.set(index, { type: 'tool_use', id: String(block.id ?? ''), name: String(block.name ?? ''), json: [], input: block.input })
        } else if (block.type === 'thinking') {
          openBlock(index, { type: 'thinking', thinking: block.thinking, signature: block.signature })
        } else openBlock(index, block)
        closeBlock(index)
      })
      if (typeof body.stop_reason === 'string') state.stopReason = body.stop_reason
      finishMessage()
    },
  }
}
