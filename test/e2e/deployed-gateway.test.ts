import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { startAccessTeam, type AccessTeam } from '../kit/access-keys'
import { startDeployedGateway, type DeployedGateway } from '../kit/deployed-gateway'
import { startMockUpstream, type MockUpstream } from '../kit/mock-upstream'

let team: AccessTeam
let upstream: MockUpstream
let gateway: DeployedGateway
const UPSTREAM_KEY = 'sk-team-upstream-key-7e1d'

const settings = () =>
  JSON.stringify({
    models: [
      {
        model: 'mock-chat',
        slug: 'mock',
        provider: 'openai',
        base_url: `${upstream.url}/v1`,
        api_key_env: 'TEAM_UPSTREAM_KEY',
      },
    ],
  })

beforeAll(async () => {
  team = await startAccessTeam()
  upstream = await startMockUpstream()
  gateway = await startDeployedGateway({
    CODEX_SHIM_SETTINGS: settings(),
    TEAM_UPSTREAM_KEY: UPSTREAM_KEY,
    CODEX_SHIM_ACCESS_TEAM_DOMAIN: team.teamDomain,
    CODEX_SHIM_ACCESS_AUD: team.aud,
    CODEX_SHIM_ACCESS_JWKS_COOLDOWN_MS: '0',
  })
})
afterAll(async () => {
  await gateway?.stop()
  await upstream?.close()
  await team?.close()
})

const models = (headers: Record<string, string>) => fetch(`${gateway.url}/v1/models`, { headers })
const withJwt = (jwt: string) => ({ 'cf-access-jwt-assertion': jwt })
async function refusal(response: Response): Promise<string> {
  expect(response.status).toBe(401)
  return ((await response.json()) as { error: { message: string } }).error.message
}

describe('a deployed gateway behind Cloudflare Access', () => {
  test('a valid Access token for a user is served, and the request log names the user', async () => {
    const response = await models(withJwt(await team.sign({ email: 'dev@team.example', sub: 'u1' })))
    expect(response.status).toBe(200)
    expect(((await response.json()) as { data: { id: string }[] }).data.map((model) => model.id)).toEqual(['mock'])
    expect(
      gateway.logs.some(
        (line) => line.includes('GET /v1/models status=200') && line.includes('caller="dev@team.example"'),
      ),
    ).toBe(true)
  })

  test('a service token (no email, common_name = client id) is served and logged as that identity', async () => {
    const response = await models(withJwt(await team.sign({ common_name: 'abc123.access', sub: '' })))
    expect(response.status).toBe(200)
    expect(gateway.logs.some((line) => line.includes('caller="abc123.access"'))).toBe(true)
  })

  test.each([
    ['expired', () => team.sign({ email: 'a@b.c' }, { expiresInSeconds: -120 }), 'has expired'],
    ['not yet valid', () => team.sign({ email: 'a@b.c' }, { notBeforeSeconds: 600 }), 'not valid yet (nbf)'],
    ['for another application', () => team.sign({ email: 'a@b.c', aud: ['another-app'] }), 'another application'],
    [
      'from another team',
      () => team.sign({ email: 'a@b.c', iss: 'https://other.cloudflareaccess.com' }),
      'issued by another team',
    ],
    [
      'signed with HS256',
      () =>
        new SignJWT({ email: 'a@b.c', iss: team.teamDomain, aud: [team.aud] })
          .setProtectedHeader({ alg: 'HS256', kid: 'kid-1' })
          .setExpirationTime('1m')
          .sign(new TextEncoder().encode('x'.repeat(32))),
      'not signed with RS256',
    ],
    [
      'with a bad signature',
      async () => {
        const jwt = await team.sign({ email: 'a@b.c' })
        return `${jwt.slice(0, -4)}${jwt.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
      },
      'bad signature',
    ],
    [
      'signed by a key that is not the team’s',
      async () => team.sign({ email: 'a@b.c' }, { key: { ...(await team.stranger()), kid: 'kid-1' } }),
      'bad signature',
    ],
  ])('a token %s is refused with the reason', async (_, token, reason) => {
    const message = await refusal(await models(withJwt(await token())))
    expect(message).toContain(reason)
  })

  test('no credentials at all: 401 naming what is accepted; /health stays open', async () => {
    expect(await refusal(await models({}))).toContain('Cloudflare Access token (Cf-Access-Jwt-Assertion)')
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200)
  })

  test('a rotated signing key (a new kid) is picked up', async () => {
    const before = team.fetches()
    const key = await team.rotate()
    expect((await models(withJwt(await team.sign({ email: 'dev@team.example' }, { key })))).status).toBe(200)
    expect(team.fetches()).toBeGreaterThan(before)
  })

  test('a streamed Responses request reaches the upstream with the key from the worker’s secrets', async () => {
    upstream.enqueue({
      kind: 'chat',
      text: 'from the team gateway',
      usage: { prompt_tokens: 321, completion_tokens: 45 },
    })
    const prompt = 'refactor the billing module quietly'
    const response = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...withJwt(await team.sign({ email: 'dev@team.example' })) },
      body: JSON.stringify({ model: 'mock', input: prompt, stream: true }),
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('from the team gateway')
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`)
    // One line per request says who spent what on which model, and never what they asked.
    // The line is written when the stream ends, and reaches us through workerd's output a moment later.
    const line = await vi.waitFor(
      () => {
        const found = gateway.logs.find((entry) => entry.includes('POST /v1/responses status=200'))
        if (found === undefined) throw new Error('no request line yet')
        return found
      },
      { timeout: 5000, interval: 20 },
    )
    expect(line).toContain('caller="dev@team.example"')
    expect(line).toContain('slug=mock')
    expect(line).toContain('tokens=321/45')
    expect(gateway.logs.join('\n')).not.toContain(UPSTREAM_KEY)
    expect(gateway.logs.join('\n')).not.toContain(prompt)
  })

  test('host-only models answer 400 with the reason, which Codex shows instead of retrying (a 5xx it would retry 30 times)', async () => {
    const ask = async (model: string) =>
      fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...withJwt(await team.sign({ email: 'dev@team.example' })) },
        body: JSON.stringify({ model, input: 'hi' }),
      })
    const response = await ask('gpt-5.5')
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('personal ChatGPT login')
    const composer = await ask('composer-2-5')
    expect(composer.status).toBe(400)
    expect(await composer.text()).toContain('cursor-agent')
  })
})

describe('other deployed configurations', () => {
  test('bearer mode: the team secret is accepted, anything else refused', async () => {
    const bearer = await startDeployedGateway({
      CODEX_SHIM_SETTINGS: settings(),
      TEAM_UPSTREAM_KEY: UPSTREAM_KEY,
      CODEX_SHIM_ACCESS_TOKEN: 'team-bearer-secret-42',
    })
    try {
      expect(
        (await fetch(`${bearer.url}/v1/models`, { headers: { authorization: 'Bearer team-bearer-secret-42' } })).status,
      ).toBe(200)
      expect(bearer.logs.some((line) => line.includes('caller="bearer"'))).toBe(true)
      expect(
        await refusal(
          await fetch(`${bearer.url}/v1/models`, { headers: { authorization: 'Bearer team-bearer-secret-4' } }),
        ),
      ).toContain('not this gateway')
      expect(await refusal(await fetch(`${bearer.url}/v1/models`))).toContain('bearer token')
    } finally {
      await bearer.stop()
    }
  })

  test('no access control configured: every request is refused, naming the missing secret', async () => {
    const open = await startDeployedGateway({ CODEX_SHIM_SETTINGS: settings(), CODEX_SHIM_AUTH: 'off' })
    try {
      for (const path of ['/v1/models', '/health'])
        expect(await refusal(await fetch(`${open.url}${path}`))).toContain('CODEX_SHIM_ACCESS_TOKEN')
    } finally {
      await open.stop()
    }
  })

  test('a broken CODEX_SHIM_SETTINGS secret is reported with its JSON path, never its values', async () => {
    const broken = await startDeployedGateway({
      CODEX_SHIM_SETTINGS: JSON.stringify({
        models: [{ model: 'm', provider: 'nope', api_key: 'sk-hidden-value-123' }],
      }),
      CODEX_SHIM_ACCESS_TOKEN: 't0ken-secret-value',
    })
    try {
      const response = await fetch(`${broken.url}/v1/models`, {
        headers: { authorization: 'Bearer t0ken-secret-value' },
      })
      const text = await response.text()
      expect(response.status).toBe(500)
      expect(text).toContain('models[0].provider')
      expect(text).not.toContain('sk-hidden-value-123')
    } finally {
      await broken.stop()
    }
  })

  test('the auto router decides with the real KV namespace: one classification per task, logged to the Worker log', async () => {
    const row = (model: string, slug: string) => ({
      model,
      slug,
      provider: 'openai',
      base_url: `${upstream.url}/v1`,
      api_key_env: 'TEAM_UPSTREAM_KEY',
    })
    const routed = await startDeployedGateway({
      CODEX_SHIM_SETTINGS: JSON.stringify({
        models: [row('classifier-model', 'classifier'), row('cheap-model', 'cheap'), row('strong-model', 'strong')],
        router: {
          enabled: true,
          classifier: 'classifier',
          default: 'strong',
          candidates: [
            { slug: 'cheap', cost: 1 },
            { slug: 'strong', cost: 10 },
          ],
        },
      }),
      TEAM_UPSTREAM_KEY: UPSTREAM_KEY,
      CODEX_SHIM_ACCESS_TOKEN: 'team-bearer-secret-42',
    })
    upstream.requests.length = 0
    upstream.handle((request) => {
      const model = (request.json as { model?: string }).model
      return model === 'classifier-model'
        ? { kind: 'chat', text: '{"scores": {"cheap": 0.9, "strong": 0.95}}' }
        : { kind: 'chat', text: `served by ${model}` }
    })
    try {
      const headers = {
        authorization: 'Bearer team-bearer-secret-42',
        'content-type': 'application/json',
        'session-id': 'team-thread',
        'x-codex-turn-metadata': '{"turn_id":"team-turn"}',
      }
      for (let step = 0; step < 2; step++) {
        const response = await fetch(`${routed.url}/v1/responses`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ model: 'codex-auto', input: 'rename x', stream: false }),
        })
        expect(response.status).toBe(200)
        expect(response.headers.get('x-codex-shim-routed-to')).toBe('cheap')
        await response.text()
      }
      expect(
        upstream.requests.filter((request) => (request.json as { model?: string }).model === 'classifier-model'),
      ).toHaveLength(1)
      const decisions = routed.logs.filter((line) => line.startsWith('[router]'))
      expect(decisions.map((line) => (JSON.parse(line.slice('[router] '.length)) as { why: string }).why)).toEqual([
        'threshold',
        'cached',
      ])
    } finally {
      upstream.handle(undefined)
      await routed.stop()
    }
  })
})
