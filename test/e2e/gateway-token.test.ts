import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'smol-toml'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { freePort, getJson, makeTestHome, runCli } from '../kit/cli-runner'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'

let gateway: GatewayHarness
const tokenFile = () => join(gateway.home.runtimeHome, 'token')

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [{ model: 'mock-chat', slug: 'mock', provider: 'openai', api_key: 'sk-upstream' }],
  })
  gateway.upstream.handle(() => ({ kind: 'chat', text: 'served' }))
})
afterAll(async () => {
  await gateway?.stop()
})

const responsesRequest = (headers: Record<string, string>) =>
  fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'mock', input: 'hi', stream: true }),
  })

describe('the per-install gateway token', () => {
  test('is created on first start: 32 random bytes, base64url, readable by the user only', async () => {
    const token = (await readFile(tokenFile(), 'utf8')).trim()
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await stat(tokenFile())).mode & 0o777).toBe(0o600)
  })

  test('a /v1/responses request without it, or with another, is a 401 that reaches no upstream', async () => {
    const before = gateway.upstream.requests.length
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer codex-shim' },
      { authorization: `Bearer ${gateway.token}x` },
    ]
    for (const headers of attempts) {
      const response = await responsesRequest(headers)
      expect(response.status).toBe(401)
      const body = (await response.json()) as { error: { message: string } }
      expect(body.error.message).toContain(tokenFile())
      expect(body.error.message).not.toContain(gateway.token)
    }
    expect(gateway.upstream.requests.length).toBe(before)
  })

  test('with it the request is served', async () => {
    const response = await responsesRequest(gateway.authHeaders)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('served')
  })

  test('/health stays open and says nothing secret, whatever key the caller brings', async () => {
    // Asked without a key, /health has nothing of the caller's to give away: it is also asked with the real
    // gateway token and with a wrong one, while the settings it reads hold the upstream key.
    const guess = 'Bearer sk-caller-guess-4f2a91'
    for (const headers of [{}, gateway.authHeaders, { authorization: guess }]) {
      const health = await getJson(`${gateway.url}/health`, headers)
      expect(health.status).toBe(200)
      expect(health.body).toMatchObject({ ok: true, models: 1 })
      for (const secret of [gateway.token, 'sk-upstream', 'sk-caller-guess-4f2a91'])
        expect(JSON.stringify(health.body)).not.toContain(secret)
    }
  })

  test('`codex-shim token` prints exactly the token, and `enable` never writes it into config.toml', async () => {
    const printed = await runCli(['token'], gateway.home.env)
    expect(printed.exitCode).toBe(0)
    expect(printed.stdout).toBe(`${gateway.token}\n`)
    const elsewhere = await runCli(['token', '--home', gateway.home.runtimeHome], {
      ...gateway.home.env,
      CODEX_SHIM_HOME: join(gateway.home.root, 'not-this-one'),
    })
    expect(elsewhere.stdout).toBe(`${gateway.token}\n`)

    const enable = await runCli(['enable', '--port', String(gateway.port)], gateway.home.env)
    expect(enable.exitCode).toBe(0)
    expect(enable.stderr).toContain('ANTHROPIC_AUTH_TOKEN')
    const config = await readFile(join(gateway.home.codexHome, 'config.toml'), 'utf8')
    expect(config).not.toContain(gateway.token)
    expect(config).toContain('[model_providers.codex_shim.auth]')
    expect(config).not.toContain('experimental_bearer_token')
    await runCli(['disable', '--port', String(gateway.port)], gateway.home.env)
    expect((await runCli(['start', '--port', String(gateway.port)], gateway.home.env)).exitCode).toBe(0)
  })
})

describe('a managed block from before the token', () => {
  test('is rewritten by `start` so Codex fetches the token, and still comes out exactly on disable', async () => {
    const configPath = join(gateway.home.codexHome, 'config.toml')
    await mkdir(gateway.home.codexHome, { recursive: true })
    const begin = '# >>> codex-shim managed: `codex-shim disable` removes this block >>>'
    const end = '# <<< codex-shim managed <<<'
    const stale = [
      begin,
      'model = "mock"',
      'model_provider = "codex_shim"',
      'model_catalog_json = "/x/model-catalog.json"',
      end,
      'approval_policy = "never"',
      begin,
      '[model_providers.codex_shim]',
      'name = "codex-shim"',
      `base_url = "http://127.0.0.1:${gateway.port}/v1"`,
      'wire_api = "responses"',
      'experimental_bearer_token = "codex-shim"',
      'request_max_retries = 4',
      'stream_max_retries = 5',
      'stream_idle_timeout_ms = 600000',
      end,
      '',
    ].join('\n')
    await writeFile(configPath, stale)
    const start = await runCli(['start', '--port', String(gateway.port)], gateway.home.env)
    expect(start.exitCode).toBe(0)
    expect(start.stderr).toContain('Codex now fetches the gateway token')
    const upgraded = parse(await readFile(configPath, 'utf8')) as {
      model: string
      model_providers: { codex_shim: Record<string, unknown> }
    }
    expect(upgraded.model).toBe('mock')
    expect(upgraded.model_providers.codex_shim.auth).toMatchObject({ args: expect.arrayContaining(['token']) })
    expect(upgraded.model_providers.codex_shim.experimental_bearer_token).toBeUndefined()
    await runCli(['disable', '--port', String(gateway.port)], gateway.home.env)
    expect(await readFile(configPath, 'utf8')).toBe('approval_policy = "never"\n')
    expect((await runCli(['start', '--port', String(gateway.port)], gateway.home.env)).exitCode).toBe(0)
  })
})

describe('CODEX_SHIM_AUTH=off', () => {
  test('serves requests without a token, after warning that any local process can then use the keys', async () => {
    const home = await makeTestHome('auth-off')
    const port = await freePort()
    const env = { ...home.env, CODEX_SHIM_AUTH: 'off' }
    const start = await runCli(['start', '--port', String(port)], env)
    try {
      expect(start.exitCode).toBe(0)
      const log = await readFile(join(home.runtimeHome, 'logs', 'gateway.log'), 'utf8')
      expect(log).toContain('CODEX_SHIM_AUTH=off')
      expect(log).toContain('any local process')
      expect((await getJson(`http://127.0.0.1:${port}/v1/models`)).status).toBe(200)
    } finally {
      await runCli(['stop'], env)
    }
  })
})
