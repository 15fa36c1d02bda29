import { afterEach, describe, expect, test, vi } from 'vitest'
import type { SettingsSnapshot } from '../../../shared/host-protocol'
import { callGateway, model } from '../helpers/gateway'
import { sseResponse, stubUpstream } from '../responses/upstream-stub'

const snapshot: SettingsSnapshot = {
  ok: true,
  models: [
    model({
      slug: 'chatty',
      provider: 'openai',
      model: 'gpt-chat',
      baseUrl: 'https://chat.test/v1',
      apiKey: 'sk-chat-1',
    }),
    model({
      slug: 'claude',
      provider: 'anthropic',
      model: 'claude-x',
      baseUrl: 'https://claude.test',
      apiKey: 'sk-ant-1',
    }),
  ],
  chatgptPassthrough: 'logged_out',
}

afterEach(() => {
  vi.restoreAllMocks()
})

/** The request's log line, once the relay has finished it. */
async function requestLine(send: () => Promise<Response>): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  const response = await send()
  expect(response.status).toBe(200)
  await response.text()
  const line = () => log.mock.calls.map(([text]) => String(text)).find((text) => text.includes('[request]'))
  await vi.waitFor(() => expect(line()).toBeDefined())
  return line() ?? ''
}

const post = (path: string, body: Record<string, unknown>) =>
  callGateway(path, {
    snapshot,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe("a passthrough's log line carries the answer's token counts", () => {
  test('chat → chat, streamed: from the usage chunk before [DONE]', async () => {
    stubUpstream(() =>
      sseResponse(
        'data: {"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n' +
          'data: {"choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":34,"prompt_tokens_details":{"cached_tokens":1000}}}\n\n' +
          'data: [DONE]\n\n',
      ),
    )
    const line = await requestLine(() =>
      post('/v1/chat/completions', { model: 'chatty', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    )
    expect(line).toMatch(/POST \/v1\/chat\/completions status=200 slug=chatty .*tokens=1200\/34 /)
  })

  test('chat → chat, a complete answer: from its usage', async () => {
    stubUpstream(() =>
      Response.json({
        id: 'c',
        choices: [{ message: { role: 'assistant', content: 'hi' } }],
        usage: { prompt_tokens: 7, completion_tokens: 2 },
      }),
    )
    const line = await requestLine(() =>
      post('/v1/chat/completions', { model: 'chatty', messages: [{ role: 'user', content: 'hi' }] }),
    )
    expect(line).toMatch(/tokens=7\/2 /)
  })

  test('Messages → Anthropic, streamed: the whole prompt (cache reads and writes included) and the final output', async () => {
    stubUpstream(() =>
      sseResponse(
        'event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"usage":{"input_tokens":10,"cache_read_input_tokens":500,"cache_creation_input_tokens":20,"output_tokens":1}}}\n\n' +
          'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
          'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}\n\n' +
          'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
          'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}\n\n' +
          'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ),
    )
    const line = await requestLine(() =>
      post('/v1/messages', {
        model: 'claude',
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    )
    expect(line).toMatch(/POST \/v1\/messages status=200 slug=claude .*tokens=530\/42 /)
  })

  test('a relay that failed logs its error and no token counts, even when usage had come before the break', async () => {
    stubUpstream(() => {
      // The usage chunk is read first; the next read finds the connection broken (an error in start would drop it).
      let pulls = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls++
          if (pulls === 1)
            controller.enqueue(
              new TextEncoder().encode('data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":9}}\n\n'),
            )
          else controller.error(new Error('Network connection lost.'))
        },
      })
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    })
    const line = await requestLine(() =>
      post('/v1/chat/completions', { model: 'chatty', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    )
    expect(line).toMatch(/ error=\w+ /)
    expect(line).not.toContain('tokens=')
  })
})
