import { readFile, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { runCodexExec } from '../kit/codex-exec'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { MockReply, RecordedRequest } from '../kit/mock-upstream'

type Block = { type: string; [field: string]: unknown }
type Message = { role: string; content: Block[] }
const messagesOf = (request: RecordedRequest | undefined): Message[] =>
  (request?.json as { messages?: Message[] } | undefined)?.messages ?? []
const toolResults = (request: RecordedRequest | undefined) =>
  messagesOf(request)
    .flatMap((message) => message.content)
    .filter((block) => block.type === 'tool_result')
const isToolTurn = (request: RecordedRequest) => toolResults(request).length > 0

let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      {
        model: 'claude-mock',
        slug: 'claude',
        provider: 'anthropic',
        api_key: 'sk-ant-mock',
        max_context_limit: 200000,
      },
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

describe('the real Codex CLI through the gateway to an Anthropic Messages upstream', () => {
  test('shell tool loop, with Anthropic headers and cached-token usage visible to Codex', async () => {
    gateway.upstream.handle((request) =>
      isToolTurn(request)
        ? {
            kind: 'anthropic',
            text: 'It printed hello-from-claude.',
            usage: {
              input_tokens: 100,
              cache_read_input_tokens: 3000,
              cache_creation_input_tokens: 200,
              output_tokens: 15,
            },
          }
        : {
            kind: 'anthropic',
            text: 'Running it.',
            toolUses: [{ id: 'toolu_shell_1', name: 'exec_command', input: { cmd: 'echo hello-from-claude' } }],
            usage: { input_tokens: 3200, output_tokens: 30 },
          },
    )
    const run = await runCodexExec({ gateway, model: 'claude', prompt: 'Run echo' })
    expect(run.exitCode).toBe(0)
    expect(run.lastMessage).toContain('It printed hello-from-claude.')
    const first = gateway.upstream.requests[0]
    expect(first?.path).toBe('/v1/messages')
    expect(first?.headers['x-api-key']).toBe('sk-ant-mock')
    expect(first?.headers['anthropic-version']).toBe('2023-06-01')
    expect(first?.headers.authorization).toBeUndefined()
    const result = toolResults(gateway.upstream.requests.find(isToolTurn))[0]
    expect(result?.tool_use_id).toBe('toolu_shell_1')
    expect(JSON.stringify(result?.content)).toContain('hello-from-claude')
    const completed = run.events.find((event) => event.type === 'turn.completed') as
      | { usage?: Record<string, number> }
      | undefined
    expect(completed?.usage).toMatchObject({ input_tokens: 3200 + 3300, cached_input_tokens: 3000, output_tokens: 45 })
  })

  test('freeform apply_patch creates a file on disk', async () => {
    const patch = '*** Begin Patch\n*** Add File: claude.txt\n+written by claude\n*** End Patch\n'
    gateway.upstream.handle((request) =>
      isToolTurn(request)
        ? { kind: 'anthropic', text: 'Done.' }
        : { kind: 'anthropic', toolUses: [{ id: 'toolu_patch', name: 'apply_patch', input: { input: patch } }] },
    )
    const run = await runCodexExec({ gateway, model: 'claude', prompt: 'Create claude.txt' })
    expect(run.exitCode).toBe(0)
    expect(await readFile(join(run.workDir, 'claude.txt'), 'utf8')).toBe('written by claude\n')
  })

  test('thinking round trip: the upstream refuses turn 2 unless its signed thinking block comes back byte-exact', async () => {
    const thinking = {
      text: 'I should look at the files first.\nThen answer.',
      signature: 'EuYBCkQYAiJA+signed/by/anthropic==',
    }
    gateway.upstream.handle((request): MockReply => {
      if (!isToolTurn(request))
        return {
          kind: 'anthropic',
          thinking,
          toolUses: [{ id: 'toolu_think', name: 'exec_command', input: { cmd: 'ls' } }],
        }
      const assistant = messagesOf(request).find((message) => message.role === 'assistant')
      const expected = { type: 'thinking', thinking: thinking.text, signature: thinking.signature }
      const isExact = JSON.stringify(assistant?.content[0]) === JSON.stringify(expected)
      return isExact
        ? { kind: 'anthropic', text: 'Thought it through.' }
        : {
            kind: 'status',
            status: 400,
            body: {
              type: 'error',
              error: {
                type: 'invalid_request_error',
                message: 'messages.1.content.0: thinking block missing or modified',
              },
            },
          }
    })
    const run = await runCodexExec({
      gateway,
      model: 'claude',
      prompt: 'Think, then list files',
      config: { model_reasoning_effort: '"high"' },
    })
    expect(run.stdout + run.stderr).not.toContain('thinking block missing')
    expect(run.exitCode).toBe(0)
    expect(run.lastMessage).toContain('Thought it through.')
    const turn1 = gateway.upstream.requests[0]?.json as { thinking?: unknown }
    expect(turn1.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 })
  })

  test('an image reaches the upstream as a base64 image block', async () => {
    gateway.upstream.handle(() => ({ kind: 'anthropic', text: 'One pixel.' }))
    const workDir = await mkdtemp(join(tmpdir(), 'codex-image-'))
    await writeFile(
      join(workDir, 'tiny.png'),
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      ),
    )
    const run = await runCodexExec({ gateway, model: 'claude', prompt: 'describe', args: ['-i', 'tiny.png'], workDir })
    expect(run.exitCode).toBe(0)
    const image = messagesOf(gateway.upstream.requests[0])
      .flatMap((message) => message.content)
      .find((block) => block.type === 'image')
    expect(image).toMatchObject({ source: { type: 'base64', media_type: 'image/png' } })
  })

  test('overloaded_error mid-stream: Codex retries and succeeds', async () => {
    let attempts = 0
    gateway.upstream.handle((): MockReply => {
      attempts++
      if (attempts > 1) return { kind: 'anthropic', text: 'Second time lucky.' }
      const start = {
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          content: [],
          usage: { input_tokens: 5, output_tokens: 1 },
        },
      }
      return {
        kind: 'sse',
        events: [
          `event: message_start\ndata: ${JSON.stringify(start)}`,
          `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}`,
        ],
      }
    })
    const run = await runCodexExec({
      gateway,
      model: 'claude',
      prompt: 'hi',
      config: { 'model_providers.shim.stream_max_retries': 2 },
    })
    expect(run.exitCode).toBe(0)
    expect(run.lastMessage).toContain('Second time lucky.')
    expect(attempts).toBe(2)
  })
})
