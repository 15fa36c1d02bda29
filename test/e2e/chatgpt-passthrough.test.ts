import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { packReasoning } from '../../worker/canonical/reasoning-envelope'
import { runCli } from '../kit/cli-runner'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { startMockUpstream, type MockUpstream } from '../kit/mock-upstream'

const TOKEN_1 = 'chatgpt-access-token-one-77f1'
const TOKEN_2 = 'chatgpt-access-token-two-19c4'
let gateway: GatewayHarness
let backend: MockUpstream
const recordedSse = () =>
  readFile(new URL('../../../shared/fixtures/codex-0.169/response-2.sse.txt', import.meta.url), 'utf8')

async function logIn(token: string): Promise<void> {
  await mkdir(gateway.home.codexHome, { recursive: true })
  await writeFile(
    join(gateway.home.codexHome, 'auth.json'),
    JSON.stringify({
      auth_mode: 'chatgpt',
      tokens: { access_token: token, account_id: 'acct-123', refresh_token: 'refresh-secret' },
    }),
  )
}

const codexHeaders = {
  'content-type': 'application/json',
  accept: 'text/event-stream',
  originator: 'codex_exec',
  'user-agent': 'codex_exec/0.169.0 (Debian 12.0.0; x86_64)',
  'session-id': 'thread-1',
  'x-codex-turn-metadata': '{"turn_id":"t1"}',
  'x-codex-window-id': 'thread-1:0',
}

beforeAll(async () => {
  backend = await startMockUpstream()
  gateway = await startGatewayHarness({
    models: [{ model: 'byok-model', slug: 'byok', provider: 'openai' }],
    env: { CODEX_SHIM_CHATGPT_BASE_URL: `${backend.url}/backend-api/codex` },
  })
  await logIn(TOKEN_1)
})
afterAll(async () => {
  await gateway?.stop()
  await backend?.close()
})

/** As Codex calls us: its headers and the gateway token (which must never travel on to ChatGPT). */
const post = (path: string, body: string, headers: Record<string, string> = codexHeaders) =>
  fetch(`${gateway.url}${path}`, { method: 'POST', headers: { ...gateway.authHeaders, ...headers }, body })

describe('ChatGPT passthrough (gpt-5.5)', () => {
  test('forwards the request untouched with the login, and returns the SSE bytes exactly', async () => {
    const sse = await recordedSse()
    backend.enqueue({
      kind: 'raw',
      body: sse,
      headers: { 'content-type': 'text/event-stream', 'x-codex-primary-used-percent': '12', 'x-request-id': 'req_1' },
    })
    const body = JSON.stringify({
      model: 'gpt-5.5',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
      stream: true,
      store: false,
    })
    const response = await post('/v1/responses', body)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(sse)
    expect(response.headers.get('x-codex-primary-used-percent')).toBe('12')
    const seen = backend.requests.at(-1)
    expect(seen?.path).toBe('/backend-api/codex/responses')
    expect(seen?.bodyText).toBe(body)
    expect(seen?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN_1}`,
      'chatgpt-account-id': 'acct-123',
      originator: 'codex_exec',
      'session-id': 'thread-1',
      'x-codex-turn-metadata': '{"turn_id":"t1"}',
      'x-codex-window-id': 'thread-1:0',
      accept: 'text/event-stream',
    })
  })

  test('reads the token fresh after auth.json changes', async () => {
    await logIn(TOKEN_2)
    backend.enqueue({ kind: 'raw', body: await recordedSse(), headers: { 'content-type': 'text/event-stream' } })
    await (await post('/v1/responses', JSON.stringify({ model: 'gpt-5.5', input: 'x', stream: true }))).text()
    expect(backend.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN_2}`)
  })

  test('passes 429 and 401 through with their rate-limit headers and bodies', async () => {
    backend.enqueue({
      kind: 'raw',
      status: 429,
      body: '{"error":{"message":"usage limit"}}',
      headers: { 'content-type': 'application/json', 'retry-after': '30', 'x-codex-primary-used-percent': '100' },
    })
    const limited = await post('/v1/responses', JSON.stringify({ model: 'gpt-5.5', input: 'x', stream: true }))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('30')
    expect(limited.headers.get('x-codex-primary-used-percent')).toBe('100')
    expect(await limited.text()).toBe('{"error":{"message":"usage limit"}}')
    backend.enqueue({
      kind: 'raw',
      status: 401,
      body: '{"error":{"message":"token expired"}}',
      headers: { 'content-type': 'application/json' },
    })
    const unauthorized = await post('/v1/responses', JSON.stringify({ model: 'gpt-5.5', input: 'x' }))
    expect(unauthorized.status).toBe(401)
  })

  test('an alias is sent as gpt-5.5, and our own reasoning items are left out', async () => {
    backend.enqueue({ kind: 'raw', body: '{}', headers: { 'content-type': 'application/json' } })
    const ours = packReasoning('abcd', { kind: 'chat', text: 'private' })
    const body = {
      model: 'openai-gpt-5-5',
      input: [
        { type: 'reasoning', summary: [], encrypted_content: ours },
        { type: 'reasoning', summary: [], encrypted_content: 'gAAAA-openai' },
        { type: 'message', role: 'user', content: 'hi' },
      ],
    }
    await post('/v1/responses', JSON.stringify(body))
    const sent = backend.requests.at(-1)?.json as { model: string; input: { encrypted_content?: string }[] }
    expect(sent.model).toBe('gpt-5.5')
    expect(sent.input.map((item) => item.encrypted_content)).toEqual(['gAAAA-openai', undefined])
  })

  test('compact goes to the backend’s compact endpoint, without stream, with the model name mapped back', async () => {
    backend.enqueue({
      kind: 'json',
      body: {
        id: 'cmp_1',
        object: 'response.compaction',
        model: 'gpt-5.5',
        output: [{ type: 'compaction', encrypted_content: 'opaque', model: 'gpt-5.5' }],
      },
    })
    const response = await post(
      '/v1/responses/compact',
      JSON.stringify({ model: 'openai-gpt-5-5', input: 'long history', stream: true }),
      { ...codexHeaders, accept: 'application/json' },
    )
    expect(await response.json()).toMatchObject({
      model: 'openai-gpt-5-5',
      output: [{ model: 'openai-gpt-5-5', encrypted_content: 'opaque' }],
    })
    const seen = backend.requests.at(-1)
    expect(seen?.path).toBe('/backend-api/codex/responses/compact')
    expect(seen?.json).toEqual({ model: 'gpt-5.5', input: 'long history' })
    expect(seen?.headers.accept).toBe('application/json')
  })

  test('without a token the entry is hidden and requests get a 401 that says to run codex login', async () => {
    await writeFile(join(gateway.home.codexHome, 'auth.json'), '{}')
    const models = (await (await fetch(`${gateway.url}/v1/models`, { headers: gateway.authHeaders })).json()) as {
      data: { id: string }[]
    }
    expect(models.data.map((entry) => entry.id)).toEqual(['byok'])
    const response = await post('/v1/responses', JSON.stringify({ model: 'gpt-5.5', input: 'x' }))
    expect(response.status).toBe(401)
    expect(await response.text()).toContain('codex login')
    await logIn(TOKEN_1)
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as { chatgpt_passthrough: boolean }
    expect(health.chatgpt_passthrough).toBe(true)
  })

  test('the log line has the route and the answer’s token counts, and no secret appears in any log line', async () => {
    await runCli(['status', '--port', String(gateway.port)], gateway.home.env)
    const log = await readFile(join(gateway.home.runtimeHome, 'logs', 'gateway.log'), 'utf8')
    expect(log).toContain('route=chatgpt')
    // The recorded answer's response.completed reports 100 in, 20 out: read from the relayed bytes' end.
    expect(log).toMatch(/POST \/v1\/responses status=200 slug=gpt-5\.5 route=chatgpt .*tokens=100\/20 /)
    for (const secret of [TOKEN_1, TOKEN_2, 'refresh-secret', gateway.token]) expect(log).not.toContain(secret)
  })
})
