import { assertNever } from '../canonical/assert-never'
import type { ResponsesStreamEvent } from '../protocol/responses-stream-events'

type TranslatableType =
  | 'response.created'
  | 'response.output_item.added'
  | 'response.output_item.done'
  | 'response.output_text.delta'
  | 'response.reasoning_summary_text.delta'
  | 'response.function_call_arguments.delta'
  | 'response.custom_tool_call_input.delta'
  | 'response.completed'
  | 'response.incomplete'
  | 'response.failed'

/** The events another wire format is written from. */
export type TranslatableEvent = Extract<ResponsesStreamEvent, { type: TranslatableType }>

/**
 * The event itself when another wire format (chat chunks, Anthropic events) is written from it: the response's
 * start and end, items opening and closing, and the deltas between. The rest say nothing new there: `*.done`
 * events restate their deltas, content and summary parts and `in_progress` are the Responses API's own
 * bookkeeping, and a refusal has no part of its own in those formats (their clients see the stop reason).
 */
export function translatableEvent(event: ResponsesStreamEvent): TranslatableEvent | undefined {
  switch (event.type) {
    case 'response.created':
    case 'response.output_item.added':
    case 'response.output_item.done':
    case 'response.output_text.delta':
    case 'response.reasoning_summary_text.delta':
    case 'response.function_call_arguments.delta':
    case 'response.custom_tool_call_input.delta':
    case 'response.completed':
    case 'response.incomplete':
    case 'response.failed':
      return event
    case 'response.in_progress':
    case 'response.content_part.added':
    case 'response.content_part.done':
    case 'response.output_text.done':
    case 'response.refusal.delta':
    case 'response.refusal.done':
    case 'response.reasoning_summary_part.added':
    case 'response.reasoning_summary_part.done':
    case 'response.reasoning_summary_text.done':
    case 'response.function_call_arguments.done':
    case 'response.custom_tool_call_input.done':
      return undefined
    default:
      return assertNever(event)
  }
}
