import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { runCodexExec } from '../kit/codex-exec'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { RecordedRequest } from '../kit/mock-upstream'

/**
 * Issue 13, chat side, as the real Codex CLI and chat-completions clients see it: a refusal is never an empty
 * success, reasoning goes back only in the field it came in, and `developer` roles reach only servers that have them.
 */
type ChatMessage = {
  role: string
  content: unknown
  tool_calls?: unknown[]
  reasoning_content?: unknown
  reasoning?: unknown
}
const messagesOf = (request: RecordedRequest | undefined): ChatMessage[] =>
  (request?.json as { messages?: ChatMessage[] } | undefined)?.messages ?? []
const isToolTurn = (request: RecordedRequest) => messagesOf(request).some((message) => message.role === 'tool')
const data = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}`
const shellCall = {
  tool_calls: [
    {
      index: 0,
      id: 'call_shell',
      type: 'function',
      function: { name: 'exec_command', arguments: '{"cmd":"echo fidelity-ok"}' },
    },
  ],
}

let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'upstream-openai', slug: 'openai-chat', provider: 'openai', api_key: 'sk-fidelity' },
      { model: 'upstream-groq', slug: 'groq', provider: 'generic-chat-completion-api', api_key: 'sk-fidelity' },
      { model: 'upstream-deepseek', slug: 'deepseek', provider: 'generic-chat-completion-api', api_key: 'sk-fidelity' },
    ],
  })
})
afterAll(async () => {
  await gateway?.stop()
})
beforeEach(() => {
  gateway.upstream.handle(undefined)
  gateway.upstream.requests.length = 0
})

describe('the real Codex CLI', () => {
  test('an OpenAI refusal is shown to the user and is not a successful, empty turn', async () => {
    const refusal = "I'm sorry, but I can't help with that request."
    gateway.upstream.handle(() => ({
      kind: 'sse',
      events: [
        data({ role: 'assistant', content: null, refusal: '' }),
        data({ refusal: refusal.slice(0, 20) }),
        data({ refusal: refusal.slice(20) }),
        data({}, 'stop'),
        'data: [DONE]',
      ],
    }))
    const run = await runCodexExec({ gateway, model: 'openai-chat', prompt: 'Do the forbidden thing' })
    expect(run.exitCode).not.toBe(0)
    const failed = run.events.find((event) => event.type === 'turn.failed') as
      | { error?: { message?: string } }
      | undefined
    expect(failed?.error?.message).toContain(`openai-chat declined to answer: ${refusal}`)
    expect(run.events.some((event) => event.type === 'turn.completed')).toBe(false)
  })

  test.each([
    ['Groq-style delta.reasoning is not sent back in any field', 'groq', 'reasoning', undefined],
    [
      'DeepSeek reasoning_content comes back as reasoning_content',
      'deepseek',
      'reasoning_content',
      'I will run the command.',
    ],
  ])('%s on the tool-call turn', async (_name, model, field, replayed) => {
    gateway.upstream.handle((request) =>
      isToolTurn(request)
        ? { kind: 'chat', text: 'It printed fidelity-ok.' }
        : {
            kind: 'sse',
            events: [
              data({ role: 'assistant', [field]: 'I will run the command.' }),
              data(shellCall),
              data({}, 'tool_calls'),
              'data: [DONE]',
            ],
          },
    )
    const run = await runCodexExec({ gateway, model, prompt: 'Run echo fidelity-ok' })
    expect(run.exitCode).toBe(0)
    const assistant = messagesOf(gateway.upstream.requests.find(isToolTurn)).find((message) => message.tool_calls)
    expect(assistant?.tool_calls).toHaveLength(1)
    expect(assistant?.reasoning_content).toBe(replayed)
    expect(assistant).not.toHaveProperty('reasoning')
  })
})

describe('POST /v1/chat/completions to a chat upstream', () => {
  async function post(body: Record<string, unknown>): Promise<RecordedRequest | undefined> {
    gateway.upstream.enqueue({ kind: 'chat', stream: false, text: 'ok' })
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gateway.authHeaders },
      body: JSON.stringify(body),
    })
    expect(response.status).toBe(200)
    return gateway.upstream.requests.at(-1)
  }

  test('developer messages reach a server without that role as system (first) and user text (later)', async () => {
    const sent = await post({
      model: 'deepseek',
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'developer', content: 'sandbox changed' },
        { role: 'user', content: 'again' },
      ],
    })
    expect(messagesOf(sent)).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: 'sandbox changed\n\nagain' },
    ])
    expect(sent?.json).toMatchObject({ model: 'upstream-deepseek' })
  })

  test('OpenAI itself, which defines the role, gets developer messages as sent', async () => {
    const sent = await post({
      model: 'openai-chat',
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
    })
    expect(messagesOf(sent).map((message) => message.role)).toEqual(['developer', 'user'])
  })

  test('a body without developer messages goes on byte for byte, with only the model swapped', async () => {
    const body = {
      model: 'deepseek',
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'a' },
        { role: 'system', content: 'late' },
        { role: 'user', content: 'b' },
      ],
    }
    const sent = await post(body)
    expect(sent?.bodyText).toBe(JSON.stringify({ ...body, model: 'upstream-deepseek' }))
  })
})
