import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { runCodexExec } from '../kit/codex-exec'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { RecordedRequest } from '../kit/mock-upstream'

type ChatMessage = {
  role: string
  content: unknown
  tool_calls?: { id: string; function: { name: string; arguments: string } }[]
  tool_call_id?: string
  reasoning_content?: string
}
const messagesOf = (request: RecordedRequest | undefined): ChatMessage[] =>
  (request?.json as { messages?: ChatMessage[] } | undefined)?.messages ?? []
const toolMessages = (request: RecordedRequest | undefined) =>
  messagesOf(request).filter((message) => message.role === 'tool')
/** Turn 2 of a tool loop is the first request that carries a tool result. */
const isToolTurn = (request: RecordedRequest) => toolMessages(request).length > 0

let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'mock-chat', slug: 'mock', provider: 'openai', api_key: 'sk-mock', max_context_limit: 64000 },
      {
        model: 'mock-deepseek',
        slug: 'deepseek-mock',
        provider: 'generic-chat-completion-api',
        display_name: 'DeepSeek mock',
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

describe('the real Codex CLI through the gateway to a chat-completions upstream', () => {
  test('shell tool loop: the command runs, its output reaches turn 2, the final message is printed, usage is reported', async () => {
    gateway.upstream.handle((request) =>
      isToolTurn(request)
        ? {
            kind: 'chat',
            text: 'The command printed hello-from-mock.',
            usage: { prompt_tokens: 1200, completion_tokens: 12, prompt_tokens_details: { cached_tokens: 1000 } },
          }
        : {
            kind: 'chat',
            text: 'Running it.',
            toolCalls: [{ id: 'call_shell_1', name: 'exec_command', arguments: '{"cmd":"echo hello-from-mock"}' }],
            usage: { prompt_tokens: 1000, completion_tokens: 20 },
          },
    )
    const run = await runCodexExec({ gateway, model: 'mock', prompt: 'Run echo hello-from-mock' })
    expect(run.stderr).not.toContain('ERROR')
    expect(run.exitCode).toBe(0)
    expect(run.lastMessage).toContain('The command printed hello-from-mock.')
    const command = run.events.find(
      (event) =>
        (event.item as { type?: string } | undefined)?.type === 'command_execution' && event.type === 'item.completed',
    )
    expect(command?.item).toMatchObject({ exit_code: 0 })
    const turn2 = gateway.upstream.requests.find(isToolTurn)
    expect(toolMessages(turn2)[0]).toMatchObject({ tool_call_id: 'call_shell_1' })
    expect(String(toolMessages(turn2)[0]?.content)).toContain('hello-from-mock')
    const completed = run.events.find((event) => event.type === 'turn.completed') as
      | { usage?: Record<string, number> }
      | undefined
    expect(completed?.usage).toMatchObject({ input_tokens: 2200, cached_input_tokens: 1000, output_tokens: 32 })
  })

  test('freeform apply_patch creates a file on disk', async () => {
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+Hello from the gateway\n*** End Patch\n'
    gateway.upstream.handle((request) =>
      isToolTurn(request)
        ? { kind: 'chat', text: 'Created hello.txt.' }
        : {
            kind: 'chat',
            toolCalls: [{ id: 'call_patch', name: 'apply_patch', arguments: JSON.stringify({ input: patch }) }],
          },
    )
    const run = await runCodexExec({ gateway, model: 'mock', prompt: 'Create hello.txt' })
    expect(run.exitCode).toBe(0)
    expect(await readFile(join(run.workDir, 'hello.txt'), 'utf8')).toBe('Hello from the gateway\n')
    expect(String(toolMessages(gateway.upstream.requests.find(isToolTurn))[0]?.content)).toMatch(/Success|hello\.txt/)
    const firstRequest = gateway.upstream.requests[0]?.json as {
      tools?: { function: { name: string; description: string } }[]
    }
    expect(firstRequest.tools?.find((tool) => tool.function.name === 'apply_patch')?.function.description).toContain(
      'grammar',
    )
  })

  test('two parallel calls both run and both outputs come back in turn 2', async () => {
    gateway.upstream.handle((request) =>
      isToolTurn(request)
        ? { kind: 'chat', text: 'Both done.' }
        : {
            kind: 'chat',
            toolCalls: [
              { id: 'call_a', name: 'exec_command', arguments: '{"cmd":"echo first-call"}' },
              { id: 'call_b', name: 'exec_command', arguments: '{"cmd":"echo second-call"}' },
            ],
          },
    )
    const run = await runCodexExec({ gateway, model: 'mock', prompt: 'Run two commands' })
    expect(run.exitCode).toBe(0)
    const outputs = toolMessages(gateway.upstream.requests.find(isToolTurn))
    expect(outputs.map((message) => message.tool_call_id).sort()).toEqual(['call_a', 'call_b'])
    expect(JSON.stringify(outputs)).toContain('first-call')
    expect(JSON.stringify(outputs)).toContain('second-call')
  })

  test('a namespaced call reaches Codex as namespace + name (not "unsupported call")', async () => {
    gateway.upstream.handle((request) =>
      isToolTurn(request)
        ? { kind: 'chat', text: 'Checked the agent.' }
        : {
            kind: 'chat',
            toolCalls: [
              {
                id: 'call_ns',
                name: 'multi_agent_v1__close_agent',
                arguments: '{"target":"agent-that-does-not-exist"}',
              },
            ],
          },
    )
    const run = await runCodexExec({ gateway, model: 'mock', prompt: 'Close the agent' })
    expect(run.exitCode).toBe(0)
    const output = String(toolMessages(gateway.upstream.requests.find(isToolTurn))[0]?.content)
    expect(output).not.toContain('unsupported call')
    expect(
      messagesOf(gateway.upstream.requests.find(isToolTurn)).find((message) => message.tool_calls)?.tool_calls?.[0]
        ?.function.name,
    ).toBe('multi_agent_v1__close_agent')
  })

  test('DeepSeek-style reasoning: turn 2 re-sends reasoning_content on the tool-call message', async () => {
    gateway.upstream.handle((request) =>
      isToolTurn(request)
        ? { kind: 'chat', reasoning: 'Now answer.', text: 'Listed.' }
        : {
            kind: 'chat',
            reasoning: 'I need to list the directory first.',
            toolCalls: [{ id: 'call_ds', name: 'exec_command', arguments: '{"cmd":"ls"}' }],
          },
    )
    const run = await runCodexExec({ gateway, model: 'deepseek-mock', prompt: 'What is here?' })
    expect(run.exitCode).toBe(0)
    const assistant = messagesOf(gateway.upstream.requests.find(isToolTurn)).find((message) => message.tool_calls)
    expect(assistant?.reasoning_content).toBe('I need to list the directory first.')
    expect(assistant?.content).toBe('')
  })

  test('an image reaches the upstream as an image_url data URL', async () => {
    gateway.upstream.handle(() => ({ kind: 'chat', text: 'A single pixel.' }))
    const tinyPng = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    )
    const workDir = (await import('node:fs/promises')).mkdtemp(join((await import('node:os')).tmpdir(), 'codex-image-'))
    const dir = await workDir
    await writeFile(join(dir, 'tiny.png'), tinyPng)
    const run = await runCodexExec({
      gateway,
      model: 'mock',
      prompt: 'describe',
      args: ['-i', 'tiny.png'],
      workDir: dir,
    })
    expect(run.exitCode).toBe(0)
    const user = messagesOf(gateway.upstream.requests[0])
      .filter((message) => message.role === 'user')
      .at(-1)
    const parts = user?.content as { type: string; image_url?: { url: string } }[]
    expect(parts.find((part) => part.type === 'image_url')?.image_url?.url).toMatch(/^data:image\/png;base64,/)
  })

  test('a mid-stream upstream failure is reported by Codex, not a silent empty success', async () => {
    gateway.upstream.handle(() => ({
      kind: 'sse',
      events: [
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Start of ' } }] })}`,
        `data: ${JSON.stringify({ error: { message: 'upstream blew up mid-answer' } })}`,
      ],
    }))
    const run = await runCodexExec({ gateway, model: 'mock', prompt: 'hi' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout + run.stderr).toContain('upstream blew up mid-answer')
  })

  test('an upstream 429 with retry-after: Codex waits, retries and succeeds', async () => {
    let calls = 0
    gateway.upstream.handle(() => {
      calls++
      return calls === 1
        ? { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'slow down' } } }
        : { kind: 'chat', text: 'Worked on retry.' }
    })
    const started = Date.now()
    const run = await runCodexExec({
      gateway,
      model: 'mock',
      prompt: 'hi',
      config: { 'model_providers.shim.stream_max_retries': 2 },
    })
    expect(run.exitCode).toBe(0)
    expect(run.lastMessage).toContain('Worked on retry.')
    expect(calls).toBe(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })
})
