import { describe, expect, test } from 'vitest'
import { createResponsesStreamWriter } from '../../../worker/canonical/responses-stream-writer'
import { openAiChatAdapter } from '../../../worker/upstreams/openai-chat'
import { validateResponsesStream, type StreamEvent } from '../../kit/responses-stream-validator'
import { chatContext, doneItems, translateChatWire } from '../helpers/replay'

/**
 * Issue 13: an OpenAI refusal (`delta.refusal`, `message.refusal`; with `--output-schema` it is how the model
 * declines) reaches the client as a refusal content part, and never as an empty success: Codex 0.169 drops a
 * message holding a refusal part, so the response ends incomplete with the refusal in the reason Codex shows.
 */
const REFUSAL = "I'm sorry, but I can't help with that."
const chunk = (delta: unknown, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
const refusalStream = [
  chunk({ role: 'assistant', content: null, refusal: '' }),
  chunk({ refusal: "I'm sorry, " }),
  chunk({ refusal: "but I can't help with that." }),
  chunk({}, 'stop'),
  'data: [DONE]\n\n',
].join('')

describe.each([{ size: Infinity }, { size: 1 }, { size: 7 }])('a streamed refusal ($size-byte chunks)', ({ size }) => {
  test('is a message whose one part is the refusal, with refusal.delta and refusal.done events', () => {
    const events = translateChatWire(refusalStream, size)
    expect(validateResponsesStream(events)).toEqual([])
    expect(doneItems(events)).toEqual([
      expect.objectContaining({ type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: REFUSAL }] }),
    ])
    const itemId = doneItems(events)[0]?.id
    const ofType = (type: string) => events.filter((event) => event.type === type)
    expect(ofType('response.content_part.added')).toEqual([
      expect.objectContaining({ item_id: itemId, content_index: 0, part: { type: 'refusal', refusal: '' } }),
    ])
    expect(
      ofType('response.refusal.delta')
        .map((event) => event.delta)
        .join(''),
    ).toBe(REFUSAL)
    expect(ofType('response.refusal.done')).toEqual([
      expect.objectContaining({ item_id: itemId, output_index: 0, content_index: 0, refusal: REFUSAL }),
    ])
    expect(ofType('response.content_part.done')).toEqual([
      expect.objectContaining({ part: { type: 'refusal', refusal: REFUSAL } }),
    ])
    expect(ofType('response.output_text.delta')).toEqual([])
  })

  test('ends the response incomplete, with the refusal in the reason, never as a plain completion', () => {
    const terminal = translateChatWire(refusalStream, size, chatContext({ slug: 'gpt-5' })).at(-1) as StreamEvent & {
      response: { incomplete_details: { reason: string } }
    }
    expect(terminal.type).toBe('response.incomplete')
    expect(terminal.response.incomplete_details.reason).toBe(`content_filter: gpt-5 declined to answer: ${REFUSAL}`)
  })
})

test('a non-streamed refusal (message.refusal) is the same refusal part in the final response', () => {
  const context = chatContext({ slug: 'gpt-5' })
  const writer = createResponsesStreamWriter({ model: 'gpt-5', emit: () => undefined, sealReasoning: () => null })
  openAiChatAdapter.createTranslator(context, writer).onCompletion({
    id: 'chatcmpl-1',
    choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: REFUSAL }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 },
  })
  const response = writer.finalResponse()
  expect(response.status).toBe('incomplete')
  expect(response.output).toEqual([
    expect.objectContaining({ type: 'message', status: 'completed', content: [{ type: 'refusal', refusal: REFUSAL }] }),
  ])
  expect(response.incomplete_details).toEqual({ reason: `content_filter: gpt-5 declined to answer: ${REFUSAL}` })
  expect(response.usage).toMatchObject({ input_tokens: 20, output_tokens: 9 })
})

test('text after a refusal is its own message; the refusal still decides how the response ends', () => {
  const events = translateChatWire(
    [chunk({ refusal: 'No.' }), chunk({ content: 'Sorry.' }), chunk({}, 'stop'), 'data: [DONE]\n\n'].join(''),
    3,
  )
  expect(validateResponsesStream(events)).toEqual([])
  expect(doneItems(events).map((item) => item.content)).toEqual([
    [{ type: 'refusal', refusal: 'No.' }],
    [expect.objectContaining({ type: 'output_text', text: 'Sorry.' })],
  ])
  expect(events.at(-1)?.type).toBe('response.incomplete')
})
