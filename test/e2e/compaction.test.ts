import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import request2 from '../../../shared/fixtures/codex-0.169/request-2.json'
import { runCodexExec } from '../kit/codex-exec'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { RecordedRequest } from '../kit/mock-upstream'

let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'mock-chat', slug: 'chat', provider: 'openai' },
      { model: 'mock-claude', slug: 'claude', provider: 'anthropic' },
      // A tiny window, so Codex compacts after the first turn (auto_compact_token_limit is 90% of it).
      { model: 'mock-small', slug: 'small', provider: 'openai', max_context_limit: 3000 },
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

type Json = Record<string, unknown>
const chatMessages = (request: RecordedRequest | undefined) =>
  (request?.json as { messages?: { role: string; content: unknown }[] } | undefined)?.messages ?? []
const text = (value: unknown) => JSON.stringify(value)

async function compact(body: Json): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${gateway.url}/v1/responses/compact`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.authHeaders },
    body: JSON.stringify(body),
  })
  return { status: response.status, json: (await response.json()) as Json }
}

describe('/v1/responses/compact for configured models', () => {
  test('chat: our summary request reaches the model last, even with Codex’s own instructions; the answer is a usable input', async () => {
    gateway.upstream.enqueue({
      kind: 'chat',
      stream: false,
      text: 'Task: list files. Done: ran ls.',
      usage: { prompt_tokens: 50, completion_tokens: 9 },
    })
    const { status, json } = await compact({
      ...request2,
      model: 'chat',
      instructions: 'You are Codex. Answer the user.',
      stream: true,
    })
    expect(status).toBe(200)
    const sent = gateway.upstream.requests.at(-1)?.json as {
      stream: boolean
      messages: { role: string; content: unknown }[]
      tool_choice?: unknown
    }
    expect(sent.stream).toBe(false)
    expect(sent.tool_choice).toBe('none')
    expect(String(sent.messages.at(-1)?.content)).toContain('handoff summary')
    expect(String(sent.messages[0]?.content)).toContain('You are Codex.')
    expect(json).toMatchObject({
      object: 'response.compaction',
      model: 'chat',
      usage: { input_tokens: 50, output_tokens: 9 },
    })
    const output = json.output as { type: string; role: string; content: { type: string; text: string }[] }[]
    expect(output).toHaveLength(1)
    expect(output[0]).toMatchObject({ type: 'message', role: 'user' })
    expect(output[0]?.content[0]?.text).toContain('Task: list files. Done: ran ls.')
  })

  test('anthropic: the same, with the history’s tools declared so Anthropic accepts the tool turns', async () => {
    gateway.upstream.enqueue({ kind: 'anthropic', stream: false, text: 'Summary for Claude.' })
    const { json } = await compact({ ...request2, model: 'claude', tools: [] })
    const sent = gateway.upstream.requests.at(-1)?.json as {
      tools?: { name: string }[]
      tool_choice?: unknown
      messages: { content: { type: string; text?: string }[] }[]
    }
    expect(sent.tools?.map((tool) => tool.name)).toEqual(['exec_command'])
    expect(sent.tool_choice).toEqual({ type: 'none' })
    expect(sent.messages.at(-1)?.content.at(-1)?.text).toContain('handoff summary')
    expect(text(json.output)).toContain('Summary for Claude.')
  })
})

describe('compaction with the real Codex CLI', () => {
  test('local compaction: Codex compacts after a big turn and the next request carries the summary', async () => {
    gateway.upstream.handle((request) => {
      const messages = chatMessages(request)
      const last = text(messages.at(-1)?.content)
      if (last.includes('CONTEXT CHECKPOINT COMPACTION'))
        return {
          kind: 'chat',
          text: 'SUMMARY-FROM-MOCK: echo ran.',
          usage: { prompt_tokens: 100, completion_tokens: 10 },
        }
      if (text(messages).includes('SUMMARY-FROM-MOCK'))
        return { kind: 'chat', text: 'All done after compaction.', usage: { prompt_tokens: 200, completion_tokens: 5 } }
      return {
        kind: 'chat',
        toolCalls: [{ id: 'call_big', name: 'exec_command', arguments: '{"cmd":"echo big-turn"}' }],
        usage: { prompt_tokens: 5000, completion_tokens: 20 },
      }
    })
    const run = await runCodexExec({ gateway, model: 'small', prompt: 'Run echo big-turn', isJson: false })
    expect(run.exitCode).toBe(0)
    const compaction = gateway.upstream.requests.find((request) =>
      text(chatMessages(request).at(-1)?.content).includes('CONTEXT CHECKPOINT COMPACTION'),
    )
    expect(compaction).toBeDefined()
    const after = gateway.upstream.requests.slice(gateway.upstream.requests.indexOf(compaction as RecordedRequest) + 1)
    expect(after.some((request) => text(chatMessages(request)).includes('SUMMARY-FROM-MOCK'))).toBe(true)
    expect(run.stdout + run.stderr).toContain('context compacted')
  })

  test('remote compaction v2: Codex accepts our compaction item and the follow-up carries it, expanded for the upstream', async () => {
    gateway.upstream.handle((request) => {
      const messages = chatMessages(request)
      const last = text(messages.at(-1)?.content)
      if (last.includes('handoff summary'))
        return {
          kind: 'chat',
          text: 'REMOTE-SUMMARY: the shell ran echo.',
          usage: { prompt_tokens: 100, completion_tokens: 10 },
        }
      if (text(messages).includes('REMOTE-SUMMARY'))
        return {
          kind: 'chat',
          text: 'Finished with the remote summary.',
          usage: { prompt_tokens: 100, completion_tokens: 5 },
        }
      return {
        kind: 'chat',
        toolCalls: [{ id: 'call_v2', name: 'exec_command', arguments: '{"cmd":"echo v2"}' }],
        usage: { prompt_tokens: 5000, completion_tokens: 20 },
      }
    })
    const run = await runCodexExec({
      gateway,
      model: 'small',
      prompt: 'Run echo v2',
      config: { 'model_providers.shim.capabilities.remote_compaction': '"v2"' },
    })
    expect(run.stderr).not.toContain('expected exactly one compaction output item')
    expect(run.exitCode).toBe(0)
    expect(run.lastMessage).toContain('Finished with the remote summary.')
    const summaryRequest = gateway.upstream.requests.findIndex((request) =>
      text(chatMessages(request).at(-1)?.content).includes('handoff summary'),
    )
    expect(summaryRequest).toBeGreaterThan(-1)
    const followUp = gateway.upstream.requests
      .slice(summaryRequest + 1)
      .find((request) => text(chatMessages(request)).includes('REMOTE-SUMMARY'))
    expect(text(chatMessages(followUp))).toContain('Summary of the earlier part of this conversation')
  })
})
