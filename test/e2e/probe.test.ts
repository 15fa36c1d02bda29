import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../kit/cli-runner'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { MockReply, RecordedRequest } from '../kit/mock-upstream'
import { runInTerminal } from '../kit/terminal-run'

const USAGE = { prompt_tokens: 12, completion_tokens: 3 }
const TOOL_CALL = { id: 'call_1', name: 'record_answer', arguments: '{"answer":"ok"}' }

/** What the mock upstream plays for each upstream model name: the failure each model stands for, else a good answer. */
function replyFor(request: RecordedRequest): MockReply {
  const body = (request.json ?? {}) as {
    model?: string
    tools?: unknown[]
    reasoning_effort?: string
    thinking?: unknown
  }
  const text = request.bodyText
  const hasTools = Array.isArray(body.tools) && body.tools.length > 0
  const hasImage = text.includes('image_url') || text.includes('"type":"image"')
  switch (body.model) {
    case 'bad-key':
      return {
        kind: 'status',
        status: 401,
        body: {
          error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' },
        },
      }
    case 'tools-as-text':
      if (hasTools)
        return {
          kind: 'chat',
          text: '<tool_call>{"name": "record_answer", "arguments": {"answer": "ok"}}</tool_call>',
          usage: USAGE,
        }
      break
    case 'no-usage':
      return hasTools ? { kind: 'chat', toolCalls: [TOOL_CALL] } : { kind: 'chat', text: 'ok' }
    case 'rejects-images':
      if (hasImage)
        return {
          kind: 'status',
          status: 400,
          body: { error: { message: 'This model does not support image input', type: 'invalid_request_error' } },
        }
      break
    case 'claude-like':
      if (hasTools)
        return { kind: 'anthropic', toolUses: [{ id: 'toolu_1', name: 'record_answer', input: { answer: 'ok' } }] }
      if (body.thinking !== undefined)
        return { kind: 'anthropic', thinking: { text: '17 times 23 is 391', signature: 'sig-1' }, text: '391' }
      return { kind: 'anthropic', text: 'ok' }
  }
  if (hasTools) return { kind: 'chat', toolCalls: [TOOL_CALL], usage: USAGE }
  if (body.reasoning_effort !== undefined)
    return { kind: 'chat', reasoning: '17 * 23 = 391', text: '391', usage: USAGE }
  return { kind: 'chat', text: hasImage ? 'red' : 'ok', usage: USAGE }
}

const chatRow = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  provider: 'generic-chat-completion-api',
  api_key: 'sk-probe-test-0001',
  ...extra,
})

let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      chatRow('full'),
      chatRow('tools-as-text'),
      chatRow('no-usage'),
      chatRow('rejects-images'),
      chatRow('text-only', { no_image_support: true }),
      chatRow('bad-key'),
      { model: 'claude-like', provider: 'anthropic', api_key: 'sk-ant-probe-0002' },
    ],
  })
  gateway.upstream.handle(replyFor)
})
afterAll(() => gateway.stop())

const probe = (args: string[]) => runCli(['probe', '--port', String(gateway.port), ...args], gateway.home.env)
const rowOf = (stdout: string, slug: string) => stdout.split('\n').find((line) => line.startsWith(`${slug} `)) ?? ''

describe('probe', () => {
  test('prints a capability table through the gateway, with the right suggestion for each finding', async () => {
    const run = await probe(['--yes'])
    expect(run.stderr).toContain(
      'probe sends 27 tiny requests (7 models, a few each) through the gateway; providers bill them like any other.',
    )
    expect(run.stdout).toMatch(/^model\s+key\s+stream\s+usage\s+tools\s+images\s+reasoning\s+TTFB\s+total$/m)
    expect(rowOf(run.stdout, 'full')).toMatch(
      /^full\s+accepted\s+ok\s+reported\s+structured\s+accepted\s+shown\s+\d+ ms/,
    )
    expect(rowOf(run.stdout, 'tools-as-text')).toMatch(/accepted\s+ok\s+reported\s+text\s+/)
    expect(rowOf(run.stdout, 'no-usage')).toMatch(/accepted\s+ok\s+missing\s+structured/)
    expect(rowOf(run.stdout, 'rejects-images')).toMatch(/structured\s+rejected\s+shown/)
    expect(rowOf(run.stdout, 'text-only')).toMatch(/structured\s+not sent\s+shown/)
    expect(rowOf(run.stdout, 'bad-key')).toMatch(/^bad-key\s+rejected\s+failed\s+skipped\s+skipped\s+skipped\s+skipped/)
    expect(rowOf(run.stdout, 'claude-like')).toMatch(/accepted\s+ok\s+reported\s+structured\s+accepted\s+shown/)

    const suggestions = (slug: string) => run.stdout.slice(run.stdout.indexOf(`\n${slug}\n`)).split('\n\n')[0] ?? ''
    expect(suggestions('tools-as-text')).toContain('tool calls come back as text: this model lacks native tool calling')
    expect(suggestions('no-usage')).toContain('no usage in stream: tokens will show as 0')
    expect(suggestions('rejects-images')).toContain('images rejected: set no_image_support')
    expect(suggestions('bad-key')).toContain('the upstream rejected the key: check its api_key')
    expect(run.stdout).not.toMatch(/^full$/m)
    expect(run.exitCode).toBe(1)
    expect(`${run.stdout}${run.stderr}`).not.toContain('sk-probe-test-0001')
  })

  test('uses the gateway’s own adapters: the forced tool call, the image and the reasoning effort reach the upstream translated', async () => {
    const before = gateway.upstream.requests.length
    const run = await probe(['full', '--yes', '--json'])
    const sent = gateway.upstream.requests.slice(before).map((request) => request.json as Record<string, unknown>)
    expect(sent).toHaveLength(4)
    expect(sent.every((body) => body.model === 'full' && body.stream === true)).toBe(true)
    expect(sent[1]).toMatchObject({ tool_choice: { type: 'function', function: { name: 'record_answer' } } })
    expect(JSON.stringify(sent[2])).toContain('data:image/png;base64,')
    expect(sent[3]).toMatchObject({ reasoning_effort: 'low' })
    const [report] = JSON.parse(run.stdout) as { slug: string; tools: string; ttfbMs: number; suggestions: string[] }[]
    expect(report).toMatchObject({
      slug: 'full',
      key: 'accepted',
      streaming: 'ok',
      usage: 'reported',
      tools: 'structured',
      images: 'accepted',
      reasoning: 'shown',
      suggestions: [],
    })
    expect(report?.ttfbMs).toBeGreaterThan(0)
    expect(run.exitCode).toBe(0)
  })

  test('an unknown slug is refused before anything is sent', async () => {
    const before = gateway.upstream.requests.length
    const run = await probe(['nope', '--yes'])
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('No model `nope` in models.json.')
    expect(gateway.upstream.requests.length).toBe(before)
  })

  test.skipIf(process.platform === 'win32')('on a terminal it asks first, and "no" sends nothing', async () => {
    const before = gateway.upstream.requests.length
    const output = await runInTerminal(['probe', 'full', '--port', String(gateway.port)], gateway.home.env, {
      answerAfter: '[y/N]',
      answer: 'n\n',
    })
    expect(output).toContain('Send them? [y/N]')
    expect(output).toContain('Nothing was sent.')
    expect(gateway.upstream.requests.length).toBe(before)
    const yes = await runInTerminal(['probe', 'full', '--port', String(gateway.port)], gateway.home.env, {
      answerAfter: '[y/N]',
      answer: 'y\n',
    })
    expect(yes).toMatch(/full\s+accepted\s+ok\s+reported/)
    expect(gateway.upstream.requests.length).toBe(before + 4)
  })
})
