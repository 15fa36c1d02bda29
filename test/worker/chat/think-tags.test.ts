import { describe, expect, test } from 'vitest'
import { createThinkTagSplitter } from '../../../worker/upstreams/openai-chat/think-tag-splitter'
import { validateResponsesStream } from '../../kit/responses-stream-validator'
import { doneItems, translateChatWire } from '../helpers/replay'

/** Issue 13: `<think>` counts only at the start of the content, and an unclosed one loses no text. */
const chunk = (delta: unknown, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
const contentStream = (...contents: string[]) =>
  `${contents.map((content) => chunk({ content })).join('')}${chunk({}, 'stop')}data: [DONE]\n\n`

function replay(wire: string, size: number) {
  const events = translateChatWire(wire, size)
  expect(validateResponsesStream(events)).toEqual([])
  const items = doneItems(events)
  const message = items.find((item) => item.type === 'message') as { content: { text: string }[] } | undefined
  const reasoning = items.find((item) => item.type === 'reasoning') as { summary: { text: string }[] } | undefined
  return { text: message?.content[0]?.text, reasoning: reasoning?.summary[0]?.text, terminal: events.at(-1)?.type }
}

const chunkings = [{ size: Infinity }, { size: 1 }, { size: 7 }]

describe.each(chunkings)('think tags in streamed content ($size-byte chunks)', ({ size }) => {
  test('a <think> in the middle of the answer is answer text, and so is everything after it', () => {
    const { text, reasoning } = replay(
      contentStream('Use the ', '<think> tag like this: <think>plan</think> then', ' answer.'),
      size,
    )
    expect(text).toBe('Use the <think> tag like this: <think>plan</think> then answer.')
    expect(reasoning).toBeUndefined()
  })

  test('a <think> at the start, after whitespace, is reasoning; the answer follows', () => {
    const { text, reasoning } = replay(contentStream('\n  <thi', 'nk>Plan it.</thi', 'nk>\n\nDone.'), size)
    expect(reasoning).toBe('Plan it.')
    expect(text).toBe('\n\nDone.')
  })

  test('an unclosed <think> at the end of the stream comes back as the answer, tag and all', () => {
    const { text, reasoning, terminal } = replay(contentStream('<think>Everything I', ' wanted to say.'), size)
    expect(reasoning).toBe('Everything I wanted to say.')
    expect(text).toBe('<think>Everything I wanted to say.')
    expect(terminal).toBe('response.completed')
  })

  test('a second <think> after the first one closed is answer text', () => {
    const { text, reasoning } = replay(contentStream('<think>a</think>b <think>c</think>'), size)
    expect(reasoning).toBe('a')
    expect(text).toBe('b <think>c</think>')
  })
})

test('a non-streamed completion applies the same rules', () => {
  const splitter = createThinkTagSplitter()
  expect(splitter.push('Answer first. <think>not reasoning</think>')).toEqual({
    reasoning: '',
    text: 'Answer first. <think>not reasoning</think>',
  })
  expect(splitter.flush()).toEqual({ reasoning: '', text: '' })
})

test('content that is only the start of a tag is released at the end as text', () => {
  const splitter = createThinkTagSplitter()
  expect(splitter.push('  <thi')).toEqual({ reasoning: '', text: '' })
  expect(splitter.flush()).toEqual({ reasoning: '', text: '  <thi' })
})
