import { describe, expect, test } from 'vitest'
import { createSseDecoder, type SseEvent } from '../../worker/protocol/sse-decoder'

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
    expect(decode(': keepalive\n\nevent: ping\nid: 7\nretry: 10\ndata: {}\n\n', size)).toEqual([{ event: 'ping', data: '{}' }])
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
