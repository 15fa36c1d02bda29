import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../kit/cli-runner'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { startMockUpstream, type MockUpstream } from '../kit/mock-upstream'
import { parseSseEvents } from '../kit/responses-stream-validator'

/**
 * Every secret the gateway knows (a model's key, every extra_headers value, the gateway token, the ChatGPT token)
 * stays out of what clients get back and out of the log, whichever route the upstream's echo takes.
 */
const AZURE_KEY = '7f3c9a1e5b2d4c6e8f0a1b2c3d4e5f60'
const GOOGLE_KEY = 'AIzaSyD-google-extra-header-key-9x'
const BEARER_IN_HEADERS = 'bearer-only-in-extra-headers-4421'
const CHATGPT_TOKEN = 'chatgpt-redaction-token-3bd7'
let gateway: GatewayHarness
let chatgpt: MockUpstream
/** What a configured model's upstream could echo: the settings' keys and headers, and the gateway token (never the ChatGPT login, which only goes to ChatGPT). */
let byokSecrets: string[]
let secrets: string[]

beforeAll(async () => {
  chatgpt = await startMockUpstream()
  gateway = await startGatewayHarness({
    models: [
      { model: 'azure-deployment', slug: 'azure', provider: 'openai', extra_headers: { 'api-key': AZURE_KEY } },
      {
        model: 'gemini-compat',
        slug: 'gemini',
        provider: 'generic-chat-completion-api',
        extra_headers: { 'x-goog-api-key': GOOGLE_KEY, Authorization: `Bearer ${BEARER_IN_HEADERS}` },
      },
      {
        model: 'claude-compat',
        slug: 'claude',
        provider: 'anthropic',
        extra_headers: { 'x-goog-api-key': GOOGLE_KEY },
      },
    ],
    env: { CODEX_SHIM_CHATGPT_BASE_URL: `${chatgpt.url}/backend-api/codex`, CODEX_SHIM_HEADER_GRACE_MS: '300' },
  })
  await mkdir(gateway.home.codexHome, { recursive: true })
  await writeFile(
    join(gateway.home.codexHome, 'auth.json'),
    JSON.stringify({ tokens: { access_token: CHATGPT_TOKEN, account_id: 'acct' } }),
  )
  byokSecrets = [AZURE_KEY, GOOGLE_KEY, BEARER_IN_HEADERS, gateway.token]
  secrets = [...byokSecrets, CHATGPT_TOKEN]
})
afterAll(async () => {
  await gateway?.stop()
  await chatgpt?.close()
})

const echo = (echoed = byokSecrets) => `Invalid credentials: ${echoed.join(' / ')}`
const post = (path: string, body: Record<string, unknown>) =>
  fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.authHeaders },
    body: JSON.stringify(body),
  })
const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]

function expectNoSecret(text: string): void {
  for (const secret of secrets) expect(text).not.toContain(secret)
}

describe('redaction of every secret the gateway knows', () => {
  test.each(['azure', 'gemini', 'claude'])('an upstream 401 that echoes them (%s, before the stream)', async (slug) => {
    gateway.upstream.enqueue({ kind: 'status', status: 401, body: { error: { message: echo() } } })
    const response = await post('/v1/responses', { model: slug, input, stream: true })
    const text = await response.text()
    expect(response.status).toBe(400)
    expect(text).toContain('Invalid credentials')
    expectNoSecret(text)
  })

  test('an error chunk mid-stream that echoes them', async () => {
    gateway.upstream.enqueue({
      kind: 'sse',
      events: [
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'hi' } }] })}`,
        `data: ${JSON.stringify({ error: { message: echo() } })}`,
      ],
    })
    const text = await (await post('/v1/responses', { model: 'gemini', input, stream: true })).text()
    expect(parseSseEvents(text).at(-1)?.type).toBe('response.failed')
    expectNoSecret(text)
  })

  test('a failure arriving after the stream started (slow headers) that echoes them', async () => {
    gateway.upstream.enqueue({
      kind: 'sse',
      status: 403,
      events: [`data: ${JSON.stringify({ error: { message: echo() } })}`],
      delayBeforeHeadersMs: 700,
    })
    const text = await (await post('/v1/responses', { model: 'azure', input, stream: true })).text()
    expect(parseSseEvents(text).at(-1)?.type).toBe('response.failed')
    expectNoSecret(text)
  })

  test.each([
    ['/v1/chat/completions', { model: 'azure', messages: [{ role: 'user', content: 'hi' }] }],
    ['/v1/messages', { model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }],
  ] as const)('a same-format passthrough (%s) whose upstream error echoes them', async (path, body) => {
    gateway.upstream.enqueue({ kind: 'status', status: 401, body: { error: { message: echo() } } })
    const response = await post(path, { ...body })
    const text = await response.text()
    expect(response.status).toBe(401)
    expect(text).toContain('Invalid credentials')
    expectNoSecret(text)
  })

  test('the ChatGPT passthrough, whose backend echoes the login token', async () => {
    chatgpt.enqueue({ kind: 'status', status: 401, body: { error: { message: echo([CHATGPT_TOKEN, gateway.token]) } } })
    const response = await post('/v1/responses', { model: 'gpt-5.5', input, stream: true })
    const text = await response.text()
    expect(response.status).toBe(401)
    expectNoSecret(text)
  })

  test('none of them is in the gateway log', async () => {
    await runCli(['status', '--port', String(gateway.port)], gateway.home.env)
    const log = await readFile(join(gateway.home.runtimeHome, 'logs', 'gateway.log'), 'utf8')
    expect(log).toContain('slug=azure')
    expectNoSecret(log)
  })
})
