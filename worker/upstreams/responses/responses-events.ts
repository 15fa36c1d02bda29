import type { IncompleteReason } from '../../canonical/responses-stream-writer'
import { isRecord } from '../../http/bad-request'
import { responsesUsage, type ResponsesUsage } from '../../protocol/responses-usage'

/**
 * Events some Responses servers add that are not part of the API: OpenCode's trailing cost `ping`
 * (opencode-and-desktop.md §1.7) and keepalive events. Dropped wherever they come.
 */
const EXTRA_EVENTS = new Set(['ping', 'keepalive'])

/** A Responses API event: every one is `response.*`, except the bare `error` some servers send before failing. */
export function isResponsesEvent(type: string | undefined): type is string {
  return type !== undefined && (type.startsWith('response.') || type === 'error')
}

export function isExtraEvent(type: string | undefined): boolean {
  return type !== undefined && EXTRA_EVENTS.has(type)
}

/** An event's JSON payload, or undefined when it is not a JSON object. */
export function parseEventData(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data)
    return isRecord(value) ? value : undefined
  } catch {
    // Not JSON: not an event of this API, which the caller reports or skips.
    return undefined
  }
}

/** Usage as the request log and the egress formats read it, complete whatever the upstream left out. */
export function usageOf(response: unknown): ResponsesUsage | undefined {
  if (!isRecord(response) || !isRecord(response.usage)) return undefined
  const { usage } = response
  const count = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0
  return responsesUsage({
    input: count(usage.input_tokens),
    cached: count(isRecord(usage.input_tokens_details) ? usage.input_tokens_details.cached_tokens : 0),
    output: count(usage.output_tokens),
    reasoning: count(isRecord(usage.output_tokens_details) ? usage.output_tokens_details.reasoning_tokens : 0),
  })
}

export function incompleteReasonOf(response: unknown): IncompleteReason {
  const details = isRecord(response) && isRecord(response.incomplete_details) ? response.incomplete_details : undefined
  return details?.reason === 'content_filter' ? 'content_filter' : 'max_output_tokens'
}
