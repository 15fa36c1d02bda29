import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { runCodexExec } from '../kit/codex-exec'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { MockReply, RecordedRequest } from '../kit/mock-upstream'

/**
 * How the real Codex CLI behaves on upstream failures through the gateway, counted at the mock upstream and with
 * Codex's own default retries (no overrides): a mistake no retry can fix costs one request and shows the
 * upstream's words; a server error is retried; a stream cut mid-sentence is retried without the half sentence in
 * the history Codex re-sends.
 */
let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'upstream-chat', slug: 'mock', provider: 'openai', api_key: 'sk-wrong-key-0001' },
      { model: 'upstream-claude', slug: 'claude', provider: 'anthropic', api_key: 'sk-ant-wrong-0001' },
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

type ChatMessage = { role: string; content: unknown }
const messagesOf = (request: RecordedRequest | undefined): ChatMessage[] =>
  (request?.json as { messages?: ChatMessage[] } | undefined)?.messages ?? []
const output = (run: { stdout: string; stderr: string }) => run.stdout + run.stderr

describe('the real Codex CLI on upstream failures', () => {
  test.each([
    {
      slug: 'mock',
      reply: {
        kind: 'status',
        status: 401,
        body: {
          error: {
            message: 'Incorrect API key provided: sk-wro***0001.',
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        },
      },
    },
    {
      slug: 'claude',
      reply: {
        kind: 'status',
        status: 401,
        body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
      },
    },
  ] satisfies { slug: string; reply: MockReply }[])(
    'an upstream 401 ($slug) costs exactly one request with default retries, and Codex shows why',
    async ({ slug, reply }) => {
      gateway.upstream.handle(() => reply)
      const run = await runCodexExec({
        gateway,
        model: slug,
        prompt: 'hi',
        retries: 'codex-defaults',
        timeoutMs: 60_000,
      })
      expect(run.exitCode).not.toBe(0)
      expect(gateway.upstream.requests).toHaveLength(1)
      expect(output(run)).toContain(`${slug}: the upstream rejected the API key (401)`)
      const upstreamWords = (reply.body as { error: { message: string } }).error.message.split(':')[0] ?? ''
      expect(output(run)).toContain(upstreamWords)
    },
  )

  test('an upstream 500 is retried by Codex with default retries until the upstream answers', async () => {
    // A 500 that never ends costs 30 requests over ~25 s with the defaults (measured); recovering on the third
    // request keeps to the request loop's first two backoffs (~0.2 s, ~0.4 s).
    let calls = 0
    gateway.upstream.handle(() => {
      calls++
      return calls <= 2
        ? { kind: 'status', status: 500, body: { error: { message: 'Internal server error', type: 'server_error' } } }
        : { kind: 'chat', text: 'Answered on the third try.' }
    })
    const run = await runCodexExec({ gateway, model: 'mock', prompt: 'hi', retries: 'codex-defaults' })
    expect(run.exitCode).toBe(0)
    expect(run.lastMessage).toContain('Answered on the third try.')
    expect(gateway.upstream.requests).toHaveLength(3)
  })

  test('a stream cut mid-sentence is retried with default retries, without the half sentence in the history', async () => {
    const half = 'The answer begins with this half sentence that never'
    let calls = 0
    gateway.upstream.handle(() => {
      calls++
      return calls === 1
        ? { kind: 'chat', text: `${half} gets finished.`, deltaSize: 6, cutAfterEvents: 8 }
        : { kind: 'chat', text: 'A complete answer.' }
    })
    const run = await runCodexExec({ gateway, model: 'mock', prompt: 'hi', retries: 'codex-defaults' })
    expect(run.exitCode).toBe(0)
    expect(run.lastMessage).toContain('A complete answer.')
    expect(gateway.upstream.requests).toHaveLength(2)
    const retried = messagesOf(gateway.upstream.requests[1])
    expect(retried.filter((message) => message.role === 'assistant')).toEqual([])
    expect(JSON.stringify(retried)).not.toContain('half sentence')
  })

  test('a tool call cut by the output limit is never run; Codex says the limit was hit and what to raise', async () => {
    gateway.upstream.handle(() => ({
      kind: 'chat',
      toolCalls: [{ id: 'call_cut', name: 'exec_command', arguments: '{"cmd":"echo this-must-not-run' }],
      finishReason: 'length',
    }))
    const run = await runCodexExec({ gateway, model: 'mock', prompt: 'hi' })
    expect(run.exitCode).not.toBe(0)
    expect(output(run)).toContain('Incomplete response returned, reason: max_output_tokens')
    expect(output(run)).toContain('max_output_tokens for mock in models.json')
    const commands = run.events.filter(
      (event) => (event.item as { type?: string } | undefined)?.type === 'command_execution',
    )
    expect(commands).toEqual([])
  })
})
