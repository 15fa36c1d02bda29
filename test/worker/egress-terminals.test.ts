import { expect, test } from 'vitest'
import { createResponsesStreamWriter } from '../../worker/canonical/responses-stream-writer'
import { anthropicEgress } from '../../worker/egress/anthropic-egress'
import { chatEgress } from '../../worker/egress/chat-egress'
import type { ResponseObject } from '../../worker/egress/egress'

/** The other formats' terminal events for what Codex gets as a failure or an incomplete response with advice. */
function terminalOf(end: (writer: ReturnType<typeof createResponsesStreamWriter>) => void) {
  const events: Parameters<Parameters<typeof createResponsesStreamWriter>[0]['emit']>[0][] = []
  const writer = createResponsesStreamWriter({ model: 'slug', emit: (event) => events.push(structuredClone(event)) })
  end(writer)
  const event = events.at(-1)
  if (event === undefined) throw new Error('the writer emitted no event')
  return { event, response: writer.finalResponse() as unknown as ResponseObject }
}

test('an incomplete reason with advice still maps to max_tokens / length', () => {
  const { event, response } = terminalOf((writer) =>
    writer.incomplete('max_output_tokens', 'raise max_output_tokens for slug in models.json'),
  )
  expect(anthropicEgress('slug').encode(event)).toContain('"stop_reason":"max_tokens"')
  expect(chatEgress({ includeUsage: false })('slug').encode(event)).toContain('"finish_reason":"length"')
  expect(anthropicEgress('slug').finalBody(response)).toMatchObject({ stop_reason: 'max_tokens' })
  expect(chatEgress({ includeUsage: false })('slug').finalBody(response)).toMatchObject({
    choices: [{ finish_reason: 'length' }],
  })
})

test('a rejection reaches OpenAI clients as an invalid_request_error chunk, and Anthropic clients as one', () => {
  const { event } = terminalOf((writer) =>
    writer.fail('invalid_prompt', 'slug: the upstream rejected the API key (401): bad'),
  )
  expect(JSON.parse(chatEgress({ includeUsage: false })('slug').encode(event).slice('data: '.length))).toEqual({
    error: {
      message: 'slug: the upstream rejected the API key (401): bad',
      type: 'invalid_request_error',
      code: 'invalid_prompt',
    },
  })
  expect(anthropicEgress('slug').encode(event)).toContain('"type":"invalid_request_error"')
})
