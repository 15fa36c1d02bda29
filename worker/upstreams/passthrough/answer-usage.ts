import { isRecord } from '../../http/bad-request'
import type { SummaryOutcome } from '../../http/request-summary'
import { anthropicUsageToResponses, emptyAnthropicUsage, mergeAnthropicUsage } from '../anthropic/anthropic-usage'
import { chatUsageToResponses } from '../openai-chat/chat-usage'
import { usageOf } from '../responses/responses-events'
import type { PassthroughFormat } from './passthrough-errors'

/**
 * How much of the answer's end is kept: every format puts its final usage within the last few hundred bytes (a
 * Responses `response.completed` ends with `usage`, `user` and `metadata`; chat's usage chunk comes before
 * `[DONE]`; Anthropic's `message_delta` before `message_stop`), so this leaves room for a large metadata object.
 */
const TAIL_BYTES = 16 * 1024
/** Anthropic counts the prompt in `message_start`, the stream's first event, and only the output at the end. */
const HEAD_BYTES = 4 * 1024

const USAGE_KEY = /"usage"\s*:\s*\{/g
const decoder = new TextDecoder()

export type AnswerUsage = NonNullable<SummaryOutcome['usage']>

export interface UsageReader {
  /** A chunk of the answer as it was relayed: kept by reference while it may hold the usage, never copied. */
  observe: (bytes: Uint8Array) => void
  /** The usage the answer reported, in the Responses shape the log uses; undefined when it reported none. */
  read: () => AnswerUsage | undefined
}

/**
 * The token counts of a passthrough answer for the request's log line, without decoding the stream: the relay hands
 * over each chunk, the reader keeps references to the first and last few kilobytes, and only when the answer has
 * ended does it decode those and parse the usage objects found there.
 */
export function createUsageReader(format: PassthroughFormat): UsageReader {
  const head: Uint8Array[] = []
  let headBytes = 0
  const tail: Uint8Array[] = []
  let tailStart = 0
  let tailBytes = 0
  return {
    observe(bytes) {
      if (format === 'messages' && headBytes < HEAD_BYTES) {
        head.push(bytes)
        headBytes += bytes.byteLength
      }
      tail.push(bytes)
      tailBytes += bytes.byteLength
      for (let oldest = tail[tailStart]; oldest !== undefined && tailBytes - oldest.byteLength >= TAIL_BYTES; ) {
        tailBytes -= oldest.byteLength
        tailStart++
        oldest = tail[tailStart]
      }
      // Forgotten chunks are let go once they are half the list: each chunk costs a push and, on average, one move.
      if (tailStart * 2 > tail.length) {
        tail.splice(0, tailStart)
        tailStart = 0
      }
    },
    read() {
      const kept = tail.slice(tailStart)
      const excess = tailBytes - TAIL_BYTES
      if (excess > 0 && kept[0] !== undefined) kept[0] = kept[0].subarray(excess)
      // From the end back: the last usage the format's own converter accepts (a chat server may end with `{}`).
      const found = usageObjects(textOf(kept)).reverse()
      if (format === 'chat') return firstDefined(found, chatUsageToResponses)
      if (format === 'responses') return firstDefined(found, responsesUsageOf)
      const prompt = messageStartUsage(textOf(head))
      const last = found[0]
      if (prompt === undefined && last === undefined) return undefined
      return anthropicUsageToResponses(mergeAnthropicUsage(mergeAnthropicUsage(emptyAnthropicUsage(), prompt), last))
    },
  }
}

function firstDefined<Value>(
  objects: readonly Record<string, unknown>[],
  convert: (usage: Record<string, unknown>) => Value | undefined,
): Value | undefined {
  for (const usage of objects) {
    const converted = convert(usage)
    if (converted !== undefined) return converted
  }
  return undefined
}

/**
 * The prompt counts of an Anthropic stream: the usage of its `message_start`, whose message has no content yet. Only
 * there: in a complete answer the first `"usage"` key may be a tool call's own input, and its real usage is the last.
 */
function messageStartUsage(head: string): Record<string, unknown> | undefined {
  const start = head.indexOf('"message_start"')
  return start === -1 ? undefined : usageObjects(head.slice(start))[0]
}

function textOf(chunks: readonly Uint8Array[]): string {
  let text = ''
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true })
  return text + decoder.decode()
}

/**
 * Every complete JSON object under a `"usage"` key, in order. The key is matched only with its quotes bare, so the
 * same word inside a string value (where JSON escapes the quotes) is never taken for it.
 */
function usageObjects(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = []
  for (const match of text.matchAll(USAGE_KEY)) {
    const start = match.index + match[0].length - 1
    const end = objectEnd(text, start)
    if (end === undefined) continue
    try {
      const value: unknown = JSON.parse(text.slice(start, end))
      if (isRecord(value)) found.push(value)
    } catch {
      // Malformed bytes from the upstream: no usage from this object.
    }
  }
  return found
}

/** The index after the object that opens at `start`, or undefined when the text ends first. */
function objectEnd(text: string, start: number): number | undefined {
  let depth = 0
  let inString = false
  for (let at = start; at < text.length; at++) {
    const char = text.charCodeAt(at)
    if (inString) {
      if (char === 0x5c)
        at++ // backslash: the next character is escaped
      else if (char === 0x22) inString = false
    } else if (char === 0x22) inString = true
    else if (char === 0x7b) depth++
    else if (char === 0x7d && --depth === 0) return at + 1
  }
  return undefined
}

/** A Responses usage object, converted as the relayed Responses routes log theirs; one without totals is not one. */
function responsesUsageOf(usage: Record<string, unknown>): AnswerUsage | undefined {
  return typeof usage.input_tokens === 'number' || typeof usage.output_tokens === 'number'
    ? usageOf({ usage })
    : undefined
}
