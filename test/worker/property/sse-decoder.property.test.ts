import fc from 'fast-check'
import { expect, test } from 'vitest'
import { createSseDecoder, type SseEvent } from '../../../worker/protocol/sse-decoder'

/** A data line: any text (multi-byte characters and emoji included) without the line breaks that would end it. */
const line = fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => text.replace(/[\r\n]/g, ''))
const event = fc.record({
  event: fc.option(fc.constantFrom('message', 'ping', 'response.output_text.delta', 'content_block_delta'), {
    nil: undefined,
  }),
  lines: fc.array(line, { minLength: 1, maxLength: 4 }),
  comment: fc.boolean(),
})
/** One line ending for the whole stream: a CR followed by an LF-ended empty line would read as one CRLF. */
const ending = fc.constantFrom('\n', '\r\n', '\r')

function serialize(events: { event?: string; lines: string[]; comment: boolean }[], eol: string): string {
  return events
    .map((item) => {
      const fields = [
        ...(item.comment ? [': keepalive'] : []),
        ...(item.event ? [`event: ${item.event}`] : []),
        ...item.lines.map((text) => `data: ${text}`),
      ]
      return fields.map((field) => field + eol).join('') + eol
    })
    .join('')
}

function decodeInChunks(bytes: Uint8Array, cuts: number[]): SseEvent[] {
  const decoded: SseEvent[] = []
  const decoder = createSseDecoder({ onEvent: (item) => decoded.push(item) })
  let from = 0
  for (const cut of [...new Set(cuts.map((at) => at % (bytes.length + 1)))].sort((a, b) => a - b)) {
    decoder.push(bytes.subarray(from, cut))
    from = cut
  }
  decoder.push(bytes.subarray(from))
  decoder.end()
  return decoded
}

test('any stream, cut anywhere (inside UTF-8 characters and CRLF pairs too), decodes to exactly its events', () => {
  fc.assert(
    fc.property(
      fc.array(event, { maxLength: 8 }),
      ending,
      fc.array(fc.nat(), { maxLength: 12 }),
      (events, eol, cuts) => {
        const bytes = new TextEncoder().encode(serialize(events, eol))
        const expected = events.map((item) => ({
          ...(item.event ? { event: item.event } : {}),
          data: item.lines.join('\n'),
        }))
        expect(decodeInChunks(bytes, cuts)).toEqual(expected)
      },
    ),
    { numRuns: 1000 },
  )
})

test('arbitrary bytes never throw, however they are cut', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
      expect(() => decodeInChunks(bytes, cuts)).not.toThrow()
    }),
    { numRuns: 1000 },
  )
})
