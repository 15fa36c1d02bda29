import fc from 'fast-check'
import { expect } from 'vitest'
import { validateResponsesStream, type StreamEvent } from '../../kit/responses-stream-validator'

/**
 * What every Responses stream the writer emits must satisfy, whatever the upstream sent: the grammar validator
 * accepts it; exactly one terminal event, and it is the last; the text deltas add up to the done messages' text;
 * and every function call Codex would run has arguments that parse as JSON.
 */
const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed'])

export type Item = Record<string, unknown>
type Part = Record<string, unknown>

export function doneItemsOf(events: readonly StreamEvent[]): Item[] {
  return events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item as Item)
}

export const deltasOf = (events: readonly StreamEvent[], type: string): string =>
  events
    .filter((event) => event.type === type)
    .map((event) => String(event.delta))
    .join('')

/** The text of the done messages' parts of one type (`output_text` → `text`, `refusal` → `refusal`). */
export function donePartsText(items: readonly Item[], partType: 'output_text' | 'refusal'): string {
  const field = partType === 'output_text' ? 'text' : 'refusal'
  return items
    .filter((item) => item.type === 'message')
    .flatMap((item) =>
      (item.content as Part[]).filter((part) => part.type === partType).map((part) => String(part[field])),
    )
    .join('')
}

export function expectStreamInvariants(events: readonly StreamEvent[]): { terminal: StreamEvent; items: Item[] } {
  expect(validateResponsesStream(events)).toEqual([])
  const terminals = events.filter((event) => TERMINAL.has(event.type))
  expect(terminals).toHaveLength(1)
  const terminal = events.at(-1) as StreamEvent
  expect(terminal).toBe(terminals[0])
  const items = doneItemsOf(events)
  for (const call of items.filter((item) => item.type === 'function_call'))
    expect(() => JSON.parse(String(call.arguments))).not.toThrow()
  // A failed response drops its half-written message, so only a response that ended normally shows all its text.
  if (terminal.type !== 'response.failed') {
    expect(donePartsText(items, 'output_text')).toBe(deltasOf(events, 'response.output_text.delta'))
    expect(donePartsText(items, 'refusal')).toBe(deltasOf(events, 'response.refusal.delta'))
  }
  return { terminal, items }
}

/**
 * Text as models write it: words, whitespace, multi-byte characters and emoji (split inside UTF-8 by the byte
 * cuts), JSON's special characters, and the pieces of a `<think>` tag. `alphabet` narrows it.
 */
export const TEXT_TOKENS = [
  'a',
  'Hello',
  ' world',
  ' ',
  '\n',
  '\t',
  'é',
  '日本',
  '😀',
  '"',
  '\\',
  '<',
  '>',
  '/',
  'think',
  '<think>',
  '</think>',
  '<thi',
  'nk>',
] as const
export const textOf = (tokens: readonly string[] = TEXT_TOKENS, maxLength = 8) =>
  fc.array(fc.constantFrom(...tokens), { maxLength }).map((parts) => parts.join(''))
export const nonEmptyTextOf = (tokens: readonly string[] = TEXT_TOKENS, maxLength = 8) =>
  fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength }).map((parts) => parts.join(''))

/** `text` cut into non-empty pieces at code-point boundaries (a model's tokens are whole characters). */
export function splitText(text: string, cuts: readonly number[]): string[] {
  const chars = Array.from(text)
  const at = [...new Set(cuts.map((cut) => cut % (chars.length + 1)))].sort((a, b) => a - b)
  const pieces: string[] = []
  let from = 0
  for (const cut of [...at, chars.length]) {
    if (cut > from) pieces.push(chars.slice(from, cut).join(''))
    from = Math.max(from, cut)
  }
  return pieces
}

export const cutsArb = fc.array(fc.nat({ max: 400 }), { maxLength: 5 })

/**
 * Merges lists into one, keeping each list's own order; `choices` pick which list goes next, so every
 * interleaving can be generated (and shrinks towards "first list first").
 */
export function interleave<T>(lists: readonly (readonly T[])[], choices: readonly number[]): T[] {
  const queues = lists.map((list) => [...list]).filter((list) => list.length > 0)
  const merged: T[] = []
  let step = 0
  while (queues.length > 0) {
    const pick = (choices[step++] ?? 0) % queues.length
    const queue = queues[pick] as T[]
    merged.push(queue.shift() as T)
    if (queue.length === 0) queues.splice(pick, 1)
  }
  return merged
}
