import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import { isRecord } from '../../http/bad-request'
import type { LocalShellCallItem } from '../../protocol/responses-items'
import type { SseEvent } from '../../protocol/sse-decoder'
import type { StreamTranslator } from '../upstream-adapter'
import { createResponseEnding } from './response-ending'
import type { ResponsesContext } from './responses-context'
import { parseEventData } from './responses-events'

const text = (value: unknown) => (typeof value === 'string' ? value : '')

/**
 * A Responses upstream's events → canonical output through the stream writer, for clients that speak another
 * format (the chat and Messages doors) and for our own non-streaming calls (compaction summaries, the router's
 * classifier). Text and reasoning stream live; calls are written whole when their item is done; the upstream's
 * `encrypted_content` closes its reasoning item as it is. Codex's own door relays instead (responses-relay.ts).
 */
export function createResponsesStreamTranslator(
  context: ResponsesContext,
  writer: ResponsesStreamWriter,
): StreamTranslator {
  const ending = createResponseEnding(context, writer)
  /** Output indexes whose text or reasoning came as deltas: their done item adds nothing the writer lacks. */
  const streamed = new Set<number>()

  function delta(event: Record<string, unknown>, write: (delta: string) => void): void {
    if (typeof event.output_index === 'number') streamed.add(event.output_index)
    write(text(event.delta))
  }

  function finishItem(item: Record<string, unknown>, index: number): void {
    const isStreamed = streamed.has(index)
    switch (item.type) {
      case 'message':
        if (!isStreamed) writer.textDelta(messageText(item))
        return
      case 'reasoning':
        finishReasoning(item, isStreamed)
        return
      case 'function_call':
        writer.addFunctionCall({
          callId: text(item.call_id),
          name: text(item.name),
          ...namespaceOf(item),
          arguments: text(item.arguments),
        })
        return
      case 'custom_tool_call':
        writer.addCustomToolCall({
          callId: text(item.call_id),
          name: text(item.name),
          ...namespaceOf(item),
          input: text(item.input),
        })
        return
      case 'local_shell_call':
        if (isRecord(item.action))
          writer.addLocalShellCall({ callId: text(item.call_id), action: item.action as LocalShellCallItem['action'] })
        return
      default:
        // The upstream's own hosted tools (web_search_call, ...) ran there; their results are in its text.
        return
    }
  }

  function finishReasoning(item: Record<string, unknown>, isStreamed: boolean): void {
    if (!isStreamed) writer.reasoningDelta(summaryText(item))
    const sealed =
      typeof item.encrypted_content === 'string' && item.encrypted_content !== '' ? item.encrypted_content : undefined
    if (sealed === undefined) return
    if (writer.hasOpenReasoning()) writer.endReasoning(sealed)
    else writer.addReasoningState(sealed)
  }

  function onEvent(event: SseEvent): void {
    if (writer.isFinished()) return
    const data = parseEventData(event.data)
    const type = data === undefined ? undefined : typeof data.type === 'string' ? data.type : event.event
    if (!ending.admits(type) || data === undefined) return
    switch (type) {
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        delta(data, writer.textDelta)
        return
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        delta(data, writer.reasoningDelta)
        return
      case 'response.reasoning_summary_part.added':
        // Summary parts are paragraphs of one reasoning item.
        if (typeof data.summary_index === 'number' && data.summary_index > 0 && writer.hasOpenReasoning())
          writer.reasoningDelta('\n\n')
        return
      case 'response.output_item.done':
        if (isRecord(data.item)) finishItem(data.item, typeof data.output_index === 'number' ? data.output_index : -1)
        return
      case 'response.completed':
      case 'response.incomplete':
        ending.finish(data.response, type === 'response.incomplete' ? 'incomplete' : 'completed')
        return
      case 'response.failed':
        ending.fail(isRecord(data.response) ? data.response.error : undefined)
        return
      case 'error':
        ending.noteError(data)
        return
      default:
        return
    }
  }

  /** A complete Response (a non-streaming request, or an upstream that ignored `stream: true`). */
  function onCompletion(body: unknown): void {
    const response = ending.responseOf(body)
    if (response === undefined) return
    response.output.forEach((item, index) => {
      if (isRecord(item)) finishItem(item, index)
    })
    ending.finish(response, response.status === 'incomplete' ? 'incomplete' : 'completed')
  }

  return { onEvent, onEnd: ending.streamEnded, onCompletion }
}

function namespaceOf(item: Record<string, unknown>): { namespace?: string } {
  return typeof item.namespace === 'string' ? { namespace: item.namespace } : {}
}

function messageText(item: Record<string, unknown>): string {
  if (!Array.isArray(item.content)) return ''
  return item.content.map((part) => (isRecord(part) ? text(part.text) || text(part.refusal) : '')).join('')
}

function summaryText(item: Record<string, unknown>): string {
  if (!Array.isArray(item.summary)) return ''
  return item.summary
    .map((part) => (isRecord(part) ? text(part.text) : ''))
    .filter((part) => part !== '')
    .join('\n\n')
}
