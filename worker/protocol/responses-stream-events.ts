import type { MessageContentPart, OutputItem, ResponseStatus, SummaryTextPart } from './responses-items'
import type { ResponsesUsage } from './responses-usage'

/** The `error.code` of a failed response: the codes Codex acts on (codex-client.md §5). */
export type FailureCode =
  | 'server_error'
  | 'rate_limit_exceeded'
  | 'context_length_exceeded'
  | 'invalid_prompt'
  | 'server_is_overloaded'
  | 'insufficient_quota'

export type IncompleteReason = 'max_output_tokens' | 'content_filter'

/** The Response object of the stream's lifecycle events, and what a client that did not stream gets. */
export type ResponseObject = {
  id: string
  object: 'response'
  created_at: number
  status: ResponseStatus
  model: string
  /** Empty while in progress; then exactly the items that were done. */
  output: OutputItem[]
  usage: ResponsesUsage | null
  error: { code: FailureCode; message: string } | null
  /** `reason` may carry advice after a colon (`max_output_tokens: … raise …`): Codex shows only this of it. */
  incomplete_details: { reason: string } | null
}

/** Where a delta goes: the item, and the content part (message) or summary part (reasoning) within it. */
type InContentPart = { item_id: string; output_index: number; content_index: number }
type InSummaryPart = { item_id: string; output_index: number; summary_index: number }

/**
 * The events the stream writer emits (canonical/responses-stream-writer.ts), without their `sequence_number`:
 * the Responses API's own (wire-formats.md §1.5), as far as this gateway writes them.
 */
type ResponsesEventBody =
  | { type: 'response.created'; response: ResponseObject }
  | { type: 'response.in_progress'; response: ResponseObject }
  | { type: 'response.completed'; response: ResponseObject }
  | { type: 'response.incomplete'; response: ResponseObject }
  | { type: 'response.failed'; response: ResponseObject }
  | { type: 'response.output_item.added'; output_index: number; item: OutputItem }
  | { type: 'response.output_item.done'; output_index: number; item: OutputItem }
  | ({ type: 'response.content_part.added'; part: MessageContentPart } & InContentPart)
  | ({ type: 'response.content_part.done'; part: MessageContentPart } & InContentPart)
  | ({ type: 'response.output_text.delta'; delta: string; logprobs: [] } & InContentPart)
  | ({ type: 'response.output_text.done'; text: string; logprobs: [] } & InContentPart)
  | ({ type: 'response.refusal.delta'; delta: string } & InContentPart)
  | ({ type: 'response.refusal.done'; refusal: string } & InContentPart)
  | ({ type: 'response.reasoning_summary_part.added'; part: SummaryTextPart } & InSummaryPart)
  | ({ type: 'response.reasoning_summary_part.done'; part: SummaryTextPart } & InSummaryPart)
  | ({ type: 'response.reasoning_summary_text.delta'; delta: string } & InSummaryPart)
  | ({ type: 'response.reasoning_summary_text.done'; text: string } & InSummaryPart)
  | { type: 'response.function_call_arguments.delta'; item_id: string; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.done'; item_id: string; output_index: number; arguments: string }
  | {
      type: 'response.custom_tool_call_input.delta'
      item_id: string
      call_id: string
      output_index: number
      delta: string
    }
  | {
      type: 'response.custom_tool_call_input.done'
      item_id: string
      call_id: string
      output_index: number
      input: string
    }

/** One event of the stream, numbered from 0: what every egress format is written from. */
export type ResponsesStreamEvent = ResponsesEventBody & { sequence_number: number }

export type ResponsesEventType = ResponsesStreamEvent['type']
