import type { ResponsesUsage } from '../protocol/responses-usage'
import type {
  ApplyPatchCallItem,
  CompactionItem,
  CustomToolCallItem,
  FunctionCallItem,
  LocalShellCallItem,
  MessageItem,
  OutputItem,
  OutputTextPart,
  ReasoningItem,
  RefusalPart,
  ResponseStatus,
  SummaryTextPart,
} from '../protocol/responses-items'
import type {
  FailureCode,
  IncompleteReason,
  ResponseObject,
  ResponsesStreamEvent,
} from '../protocol/responses-stream-events'
import { newId } from './ids'

export type { FailureCode, IncompleteReason } from '../protocol/responses-stream-events'

export interface ResponsesStreamWriterOptions {
  /** The slug the client asked for; reported as the response's model. */
  model: string
  emit: (event: ResponsesStreamEvent) => void
  /** Called when a reasoning item closes, to pack the provider's reasoning state into `encrypted_content`. */
  sealReasoning?: (summaryText: string) => string | null
}

/** The items whose deltas are still coming, with what the deltas added up to so far. */
interface OpenText {
  index: number
  item: MessageItem
  text: string
}

interface OpenRefusal {
  index: number
  item: MessageItem
  refusal: string
}

interface OpenReasoning {
  index: number
  item: ReasoningItem
  text: string
}

/**
 * Emitted events must be serialized when `emit` is called: items are completed in place afterwards.
 *
 * The one place that speaks the Codex stream contract: `response.created` first; every item added, then its
 * deltas, then done with the full item (unless the response fails first); unique ids; `sequence_number` from 0;
 * `output_index` in order; exactly one terminal event, whose `output` is exactly the items that were done.
 * Adapters call its methods; they never write SSE themselves.
 */
export function createResponsesStreamWriter(options: ResponsesStreamWriterOptions) {
  const responseId = newId('resp')
  const createdAt = Math.floor(Date.now() / 1000)
  const output: OutputItem[] = []
  let sequence = 0
  let status: ResponseStatus = 'in_progress'
  let usage: ResponsesUsage | null = null
  let openText: OpenText | undefined
  let openReasoning: OpenReasoning | undefined
  let openRefusal: OpenRefusal | undefined
  let isStarted = false
  /** `error` or `incomplete_details`, once the response ends that way. */
  let terminalFields: Partial<Pick<ResponseObject, 'error' | 'incomplete_details'>> = {}

  /** The next `sequence_number`, written second in each event as in every recorded stream (one object per event). */
  function next(): number {
    return sequence++
  }

  function emit(event: ResponsesStreamEvent): void {
    options.emit(event)
  }

  function responseObject(): ResponseObject {
    return {
      id: responseId,
      object: 'response',
      created_at: createdAt,
      status,
      model: options.model,
      output: status === 'in_progress' ? [] : output,
      usage: status === 'in_progress' ? null : usage,
      error: null,
      incomplete_details: null,
      ...terminalFields,
    }
  }

  function start(): void {
    if (isStarted) return
    isStarted = true
    emit({ type: 'response.created', sequence_number: next(), response: responseObject() })
    emit({ type: 'response.in_progress', sequence_number: next(), response: responseObject() })
  }

  function addItem(item: OutputItem): number {
    start()
    const index = output.length
    output.push(item)
    emit({ type: 'response.output_item.added', sequence_number: next(), output_index: index, item: { ...item } })
    return index
  }

  /** An assistant message, announced empty; its one content part (text or refusal) follows. */
  function addMessageItem(): { index: number; item: MessageItem } {
    const item: MessageItem = {
      id: newId('msg'),
      type: 'message',
      role: 'assistant',
      status: 'in_progress',
      content: [],
    }
    return { index: addItem(item), item }
  }

  function finishItem(index: number): void {
    const item = output[index]
    if (item === undefined) return
    item.status = 'completed'
    emit({ type: 'response.output_item.done', sequence_number: next(), output_index: index, item })
  }

  function closeText(): void {
    if (!openText) return
    const { index, item, text } = openText
    openText = undefined
    const part: OutputTextPart = { type: 'output_text', text, annotations: [], logprobs: [] }
    emit({
      type: 'response.output_text.done',
      sequence_number: next(),
      item_id: item.id,
      output_index: index,
      content_index: 0,
      text,
      logprobs: [],
    })
    emit({
      type: 'response.content_part.done',
      sequence_number: next(),
      item_id: item.id,
      output_index: index,
      content_index: 0,
      part,
    })
    item.content = [part]
    finishItem(index)
  }

  function closeRefusal(): void {
    if (!openRefusal) return
    const { index, item, refusal } = openRefusal
    openRefusal = undefined
    const part: RefusalPart = { type: 'refusal', refusal }
    emit({
      type: 'response.refusal.done',
      sequence_number: next(),
      item_id: item.id,
      output_index: index,
      content_index: 0,
      refusal,
    })
    emit({
      type: 'response.content_part.done',
      sequence_number: next(),
      item_id: item.id,
      output_index: index,
      content_index: 0,
      part,
    })
    item.content = [part]
    finishItem(index)
  }

  function closeReasoning(encryptedContent?: string | null): void {
    if (!openReasoning) return
    const { index, item, text } = openReasoning
    openReasoning = undefined
    const part: SummaryTextPart = { type: 'summary_text', text }
    emit({
      type: 'response.reasoning_summary_text.done',
      sequence_number: next(),
      item_id: item.id,
      output_index: index,
      summary_index: 0,
      text,
    })
    emit({
      type: 'response.reasoning_summary_part.done',
      sequence_number: next(),
      item_id: item.id,
      output_index: index,
      summary_index: 0,
      part,
    })
    item.summary = [part]
    item.encrypted_content = encryptedContent !== undefined ? encryptedContent : (options.sealReasoning?.(text) ?? null)
    finishItem(index)
  }

  function closeOpenItems(): void {
    closeReasoning()
    closeText()
    closeRefusal()
  }

  /**
   * Codex keeps every item that reached `output_item.done` and re-sends it on its retry, so a half-written text or
   * reasoning item must never be done: it is left without `done` and out of the final output (Codex drops
   * items that were only added).
   */
  function dropOpenItems(): void {
    for (const open of [openReasoning, openText, openRefusal]) {
      if (!open) continue
      const position = output.indexOf(open.item)
      if (position !== -1) output.splice(position, 1)
    }
    openReasoning = undefined
    openText = undefined
    openRefusal = undefined
  }

  return {
    start,

    textDelta(delta: string): void {
      if (delta === '') return
      closeReasoning()
      closeRefusal()
      if (!openText) {
        const { index, item } = addMessageItem()
        openText = { index, item, text: '' }
        const part: OutputTextPart = { type: 'output_text', text: '', annotations: [], logprobs: [] }
        emit({
          type: 'response.content_part.added',
          sequence_number: next(),
          item_id: item.id,
          output_index: index,
          content_index: 0,
          part,
        })
      }
      openText.text += delta
      emit({
        type: 'response.output_text.delta',
        sequence_number: next(),
        item_id: openText.item.id,
        output_index: openText.index,
        content_index: 0,
        delta,
        logprobs: [],
      })
    },

    reasoningDelta(delta: string): void {
      if (delta === '') return
      closeText()
      closeRefusal()
      if (!openReasoning) {
        const item: ReasoningItem = {
          id: newId('rs'),
          type: 'reasoning',
          status: 'in_progress',
          summary: [],
          encrypted_content: null,
        }
        const index = addItem(item)
        openReasoning = { index, item, text: '' }
        const part: SummaryTextPart = { type: 'summary_text', text: '' }
        emit({
          type: 'response.reasoning_summary_part.added',
          sequence_number: next(),
          item_id: item.id,
          output_index: index,
          summary_index: 0,
          part,
        })
      }
      openReasoning.text += delta
      emit({
        type: 'response.reasoning_summary_text.delta',
        sequence_number: next(),
        item_id: openReasoning.item.id,
        output_index: openReasoning.index,
        summary_index: 0,
        delta,
      })
    },

    /** The model declined: a message whose one content part is the refusal, streamed as `response.refusal.delta`. */
    refusalDelta(delta: string): void {
      if (delta === '') return
      closeReasoning()
      closeText()
      if (!openRefusal) {
        const { index, item } = addMessageItem()
        openRefusal = { index, item, refusal: '' }
        emit({
          type: 'response.content_part.added',
          sequence_number: next(),
          item_id: item.id,
          output_index: index,
          content_index: 0,
          part: { type: 'refusal', refusal: '' },
        })
      }
      openRefusal.refusal += delta
      emit({
        type: 'response.refusal.delta',
        sequence_number: next(),
        item_id: openRefusal.item.id,
        output_index: openRefusal.index,
        content_index: 0,
        delta,
      })
    },

    /** Closes the open reasoning item with state the adapter packed itself (e.g. a signed Anthropic thinking block). */
    endReasoning(encryptedContent: string): void {
      closeReasoning(encryptedContent)
    },

    /** A reasoning item with no visible text, carrying only provider state (e.g. Gemini thought signatures). */
    addReasoningState(encryptedContent: string): void {
      closeOpenItems()
      const item: ReasoningItem = {
        id: newId('rs'),
        type: 'reasoning',
        status: 'in_progress',
        summary: [],
        encrypted_content: encryptedContent,
      }
      finishItem(addItem(item))
    },

    addFunctionCall(call: { callId: string; name: string; namespace?: string; arguments: string }): void {
      closeOpenItems()
      const item: FunctionCallItem = {
        id: newId('fc'),
        type: 'function_call',
        status: 'in_progress',
        call_id: call.callId,
        name: call.name,
        arguments: '',
      }
      if (call.namespace !== undefined) item.namespace = call.namespace
      const index = addItem(item)
      if (call.arguments !== '')
        emit({
          type: 'response.function_call_arguments.delta',
          sequence_number: next(),
          item_id: item.id,
          output_index: index,
          delta: call.arguments,
        })
      emit({
        type: 'response.function_call_arguments.done',
        sequence_number: next(),
        item_id: item.id,
        output_index: index,
        arguments: call.arguments,
      })
      item.arguments = call.arguments
      finishItem(index)
    },

    addCustomToolCall(call: { callId: string; name: string; namespace?: string; input: string }): void {
      closeOpenItems()
      const item: CustomToolCallItem = {
        id: newId('ctc'),
        type: 'custom_tool_call',
        status: 'in_progress',
        call_id: call.callId,
        name: call.name,
        input: '',
      }
      if (call.namespace !== undefined) item.namespace = call.namespace
      const index = addItem(item)
      if (call.input !== '')
        emit({
          type: 'response.custom_tool_call_input.delta',
          sequence_number: next(),
          item_id: item.id,
          call_id: call.callId,
          output_index: index,
          delta: call.input,
        })
      emit({
        type: 'response.custom_tool_call_input.done',
        sequence_number: next(),
        item_id: item.id,
        call_id: call.callId,
        output_index: index,
        input: call.input,
      })
      item.input = call.input
      finishItem(index)
    },

    addLocalShellCall(call: { callId: string; action: LocalShellCallItem['action'] }): void {
      closeOpenItems()
      const item: LocalShellCallItem = {
        id: newId('lsc'),
        type: 'local_shell_call',
        status: 'in_progress',
        call_id: call.callId,
        action: call.action,
      }
      finishItem(addItem(item))
    },

    /** One file operation of the hosted apply_patch tool; like a local shell call, it is written whole. */
    addApplyPatchCall(call: { callId: string; operation: ApplyPatchCallItem['operation'] }): void {
      closeOpenItems()
      const item: ApplyPatchCallItem = {
        id: newId('apc'),
        type: 'apply_patch_call',
        status: 'in_progress',
        call_id: call.callId,
        operation: call.operation,
      }
      finishItem(addItem(item))
    },

    /** The single item a remote-compaction (v2) answer consists of. */
    addCompaction(encryptedContent: string): void {
      closeOpenItems()
      const item: CompactionItem = {
        id: newId('cmp'),
        type: 'compaction',
        status: 'in_progress',
        encrypted_content: encryptedContent,
      }
      finishItem(addItem(item))
    },

    setUsage(next: ResponsesUsage): void {
      usage = next
    },

    complete(): void {
      if (status !== 'in_progress') return
      start()
      closeOpenItems()
      status = 'completed'
      emit({ type: 'response.completed', sequence_number: next(), response: responseObject() })
    },

    /**
     * Ends the response as cut short. `detail` is added to the reason (`max_output_tokens: …`): it is the only part
     * of an incomplete response Codex shows, so advice has to travel there.
     */
    incomplete(reason: IncompleteReason, detail?: string): void {
      if (status !== 'in_progress') return
      start()
      closeOpenItems()
      status = 'incomplete'
      terminalFields = { incomplete_details: { reason: detail === undefined ? reason : `${reason}: ${detail}` } }
      emit({ type: 'response.incomplete', sequence_number: next(), response: responseObject() })
    },

    /** Ends the response as failed: items already done stay in `output` (Codex keeps them for its retry), open ones are dropped. */
    fail(code: FailureCode, message: string): void {
      if (status !== 'in_progress') return
      start()
      dropOpenItems()
      status = 'failed'
      terminalFields = { error: { code, message } }
      emit({ type: 'response.failed', sequence_number: next(), response: responseObject() })
    },

    hasOpenReasoning: (): boolean => openReasoning !== undefined,

    isFinished: (): boolean => status !== 'in_progress',

    /** The final Response object, for clients that did not ask for a stream. */
    finalResponse() {
      return responseObject()
    },
  }
}

export type ResponsesStreamWriter = ReturnType<typeof createResponsesStreamWriter>
