import { describe, expect, test } from 'vitest'
import {
  createSseDecoder,
  MAX_SSE_EVENT_CHARS,
  type SseEvent,
  type SseOverflow,
} from '../../worker/protocol/sse-decoder'
import { createEventBoundaryTracker } from '../../worker/protocol/sse-event-boundary'

function decode(text: string, chunkSize = Infinity): SseEvent[] {
  const events: SseEvent[] = []
  const decoder = createSseDecoder({ onEvent: (event) => events.push(event) })
  const bytes = new TextEncoder().encode(text)
  const size = Number.isFinite(chunkSize) ? chunkSize : bytes.length
  for (let i = 0; i < bytes.length; i += size) decoder.push(bytes.subarray(i, i + size))
  decoder.end()
  return events
}

describe.each([{ size: Infinity }, { size: 1 }, { size: 3 }])('createSseDecoder ($size-byte chunks)', ({ size }) => {
  test('LF, CRLF and CR line endings all end lines ("a pair of CRLF, a single LF, or a single CR")', () => {
    const expected = [{ data: 'one' }, { data: 'two' }, { data: 'three' }]
    expect(decode('data: one\n\ndata: two\r\n\r\ndata: three\r\r', size)).toEqual(expected)
  })

  test('multi-line data is joined with LF ("append a single U+000A LINE FEED")', () => {
    expect(decode('data: a\ndata: b\n\n', size)).toEqual([{ data: 'a\nb' }])
  })

  test('event names are kept; comments and unknown fields are ignored', () => {
    expect(decode(': keepalive\n\nevent: ping\nid: 7\nretry: 10\ndata: {}\n\n', size)).toEqual([
      { event: 'ping', data: '{}' },
    ])
  })

  test('only one leading space is removed from a value; no space is fine too', () => {
    expect(decode('data:x\n\ndata:  y\n\n', size)).toEqual([{ data: 'x' }, { data: ' y' }])
  })

  test('multi-byte UTF-8 split across chunks survives', () => {
    expect(decode('data: héllo 👋 – ok\n\n', size)).toEqual([{ data: 'héllo 👋 – ok' }])
  })

  test('a last event without its blank line is still delivered at the end', () => {
    expect(decode('data: tail', size)).toEqual([{ data: 'tail' }])
  })

  test('a leading byte order mark is ignored', () => {
    expect(decode('\uFEFFdata: bom\n\n', size)).toEqual([{ data: 'bom' }])
  })

  test('blank lines without data dispatch nothing', () => {
    expect(decode('\n\n\nevent: lonely\n\n', size)).toEqual([])
  })
})

describe('one event is bounded (16 MiB by default, lowered here)', () => {
  function decodeBounded(text: string, maxEventChars: number, chunkSize = 5) {
    const events: SseEvent[] = []
    const overflows: SseOverflow[] = []
    const decoder = createSseDecoder(
      { onEvent: (event) => events.push(event), onOverflow: (overflow) => overflows.push(overflow) },
      { maxEventChars },
    )
    const bytes = new TextEncoder().encode(text)
    for (let i = 0; i < bytes.length; i += chunkSize) decoder.push(bytes.subarray(i, i + chunkSize))
    decoder.end()
    return { events, overflows }
  }

  test('many data lines that add up past the bound stop the decoder once, with the bound', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `data: line-${i}`).join('\n')
    const { events, overflows } = decodeBounded(`data: first\n\n${lines}\n\ndata: never seen\n\n`, 100)
    expect(events).toEqual([{ data: 'first' }])
    expect(overflows).toEqual([{ kind: 'event_too_large', limit: 100 }])
  })

  test('one line without a break past the bound is the same overflow', () => {
    const { events, overflows } = decodeBounded(`data: ${'x'.repeat(500)}`, 100)
    expect(events).toEqual([])
    expect(overflows).toHaveLength(1)
  })

  test('events just under the bound pass, one after another', () => {
    const event = `data: ${'y'.repeat(90)}\n\n`
    const { events, overflows } = decodeBounded(event.repeat(5), 100)
    expect(events).toHaveLength(5)
    expect(overflows).toEqual([])
  })

  test('the default bound is 16 MiB', () => {
    expect(MAX_SSE_EVENT_CHARS).toBe(16 * 1024 * 1024)
    const { overflows } = decodeBounded(
      `data: ${'z'.repeat(MAX_SSE_EVENT_CHARS)}\n\n`,
      MAX_SSE_EVENT_CHARS,
      1024 * 1024,
    )
    expect(overflows).toHaveLength(1)
  })
})

describe('event boundaries of a relayed stream (where a passthrough may add a keepalive)', () => {
  const bytes = (text: string) => new TextEncoder().encode(text)
  test.each([
    [[], true],
    [['data: a\n\n'], true],
    [['data: a\n'], false],
    [['data: a\n', '\n'], true],
    [['data: a\r\n\r\n'], true],
    [['data: a\r\n', '\r\n'], true],
    [['data: a\r\r'], true],
    [['data: a\n\ndata: b'], false],
    [['data: {"x":', '1}\n\n', 'data: partial'], false],
  ])('after %j: %s', (chunks, expected) => {
    const tracker = createEventBoundaryTracker()
    for (const chunk of chunks) tracker.observe(bytes(chunk))
    expect(tracker.isAtBoundary()).toBe(expected)
  })
})
