import { describe, expect, test } from 'vitest'
import azureText from '../../../../shared/fixtures/upstream-streams/responses/01-azure-openai-responses-text.jsonl?raw'
import reasoningCall from '../../../../shared/fixtures/upstream-streams/responses/02-openai-responses-reasoning-summary-encrypted-function-call.jsonl?raw'
import errorThenFailed from '../../../../shared/fixtures/upstream-streams/responses/04-openai-responses-error-then-failed.jsonl?raw'
import customTool from '../../../../shared/fixtures/upstream-streams/responses/07-SYNTHETIC-openai-responses-custom-tool-call.jsonl?raw'
import chatStream from '../../../../shared/fixtures/upstream-streams/chat/08-azure-openai-chat-text-usage.jsonl?raw'
import { decodeAll, relayWire, responsesWire } from './relay-replay'

/** Whole stream, one byte at a time, and an odd size that splits UTF-8 characters and CRLF pairs. */
const chunkings = [{ size: Infinity }, { size: 1 }, { size: 7 }]
const ping = 'event: ping\ndata: {"type":"ping","cost":"0.00012345"}\n\n'
const typesOf = (text: string) => decodeAll(text).map((event) => (JSON.parse(event.data) as { type: string }).type)
const failureOf = (text: string) =>
  JSON.parse(decodeAll(text).at(-1)?.data ?? '{}') as {
    type: string
    response?: { error?: { code: string; message: string } }
  }

describe.each(chunkings)("Codex's door: the upstream's stream relayed ($size-byte chunks)", ({ size }) => {
  test.each([
    ['02 (reasoning with encrypted_content, a function call)', reasoningCall],
    ['01 (Azure text, content filters)', azureText],
    ['07 (a custom tool call, no sequence numbers)', customTool],
  ])('fixture %s: every event goes on with its data byte for byte', (_name, fixture) => {
    const wire = responsesWire(fixture)
    const { events } = relayWire(wire, size)
    expect(events).toEqual(decodeAll(wire))
  })

  test('usage is read from response.completed for the request log, and the writer is done without a word of its own', () => {
    const { final, text } = relayWire(responsesWire(reasoningCall), size)
    expect(final).toMatchObject({
      status: 'completed',
      usage: { input_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    })
    const completed = JSON.parse(decodeAll(text).at(-1)?.data ?? '{}') as {
      response: { usage: { input_tokens: number; output_tokens: number } }
    }
    expect(final.usage).toMatchObject({
      input_tokens: completed.response.usage.input_tokens,
      output_tokens: completed.response.usage.output_tokens,
    })
    expect(typesOf(text).filter((type) => type === 'response.created')).toHaveLength(1)
  })

  test("OpenCode's trailing cost ping, and pings and keepalives anywhere, are dropped", () => {
    const wire = responsesWire(azureText)
    const [first, ...rest] = wire.split(/(?<=\n\n)/)
    const withExtras = `${ping}${first}event: keepalive\ndata: {"type":"keepalive","sequence_number":1}\n\n${rest.join('')}${ping}`
    const { events } = relayWire(withExtras, size)
    expect(events).toEqual(decodeAll(wire))
  })

  test('a stream whose first event is not a Responses event (a chat server behind the base URL) fails at once, saying why', () => {
    const wire = [
      ...chatStream
        .split('\n')
        .filter(Boolean)
        .map((line) => `data: ${line}\n\n`),
      'data: [DONE]\n\n',
    ].join('')
    const { text } = relayWire(wire, size)
    expect(typesOf(text)).toEqual(['response.failed'])
    expect(failureOf(text).response?.error).toEqual({
      code: 'invalid_prompt',
      message: expect.stringContaining(
        "luna: the upstream did not answer in the Responses API's format (its first event is not JSON with a type)",
      ),
    })
  })

  test("the upstream's error and response.failed become one failure, worded and coded as every upstream's (04)", () => {
    const { text, final } = relayWire(responsesWire(errorThenFailed), size)
    expect(typesOf(text)).toEqual(['response.created', 'response.in_progress', 'response.failed'])
    expect(failureOf(text).response?.error).toEqual({
      code: 'invalid_prompt',
      message: expect.stringMatching(
        /^luna: the upstream has no quota left for this key \(429\): You exceeded your current quota/,
      ),
    })
    expect(final.status).toBe('failed')
  })

  test('a stream that ends before its terminal event fails, after the events that came', () => {
    const lines = reasoningCall.split('\n').filter(Boolean)
    const { text } = relayWire(responsesWire(lines.slice(0, 20).join('\n')), size)
    expect(typesOf(text).slice(0, -1)).toEqual(
      lines.slice(0, 20).map((line) => (JSON.parse(line) as { type: string }).type),
    )
    expect(failureOf(text).response?.error).toEqual({
      code: 'server_error',
      message: 'luna: the upstream ended the stream before response.completed.',
    })
  })

  test('an upstream invalid_prompt stays fatal; a key it echoes is redacted', () => {
    const failed = {
      type: 'response.failed',
      response: {
        id: 'r',
        status: 'failed',
        error: { code: 'invalid_prompt', message: 'bad key oc-upstream-key-123 in prompt' },
      },
    }
    const { text } = relayWire(`event: response.failed\ndata: ${JSON.stringify(failed)}\n\n`, size)
    expect(failureOf(text).response?.error).toEqual({
      code: 'invalid_prompt',
      message: 'luna: the upstream rejected the request (400): bad key [redacted] in prompt',
    })
  })
})
