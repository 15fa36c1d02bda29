import { describe, expect, test } from 'vitest'
import { authenticate } from '../../worker/http/access/authenticate'
import { clientAuthFrom } from '../../worker/http/access/client-auth'
import { accessPolicyFrom } from '../../worker/http/access-policy'
import { GatewayError } from '../../worker/http/gateway-error'
import { findGuardRefusal } from '../../worker/http/guard'
import { hostNameOf } from '../../worker/http/host-name'
import { findCsrfRefusal } from '../../worker/picker/find-csrf-refusal'
import { sessionValueFor } from '../../worker/picker/session-cookie'
import { callGateway, errorOf } from './helpers/gateway'

const policy = accessPolicyFrom({
  CODEX_SHIM_BIND_HOST: '127.0.0.1',
  CODEX_SHIM_ALLOWED_HOSTS: ' Gateway.Test , other.lan',
})

function request(headers: Record<string, string>, method = 'GET', path = '/v1/responses'): Request {
  return new Request(`http://127.0.0.1:8765${path}`, { method, headers })
}

describe('hostNameOf', () => {
  test.each([
    ['127.0.0.1:8765', '127.0.0.1'],
    ['localhost', 'localhost'],
    ['LOCALHOST:80', 'localhost'],
    ['[::1]:8765', '::1'],
    ['[::1]', '::1'],
    ['::1', '::1'],
    ['  example.com:443 ', 'example.com'],
  ])('%s → %s', (header, expected) => {
    expect(hostNameOf(header)).toBe(expected)
  })
})

describe('findGuardRefusal', () => {
  test.each([['127.0.0.1:8765'], ['localhost:8765'], ['[::1]:8765'], ['gateway.test:8765'], ['OTHER.lan']])(
    'lets loopback and allowed Host %s through',
    (host) => {
      expect(findGuardRefusal(request({ host }), policy)).toBeUndefined()
    },
  )

  test.each([['evil.example:8765'], ['127.0.0.2:8765'], ['0.0.0.0:8765'], ['']])('refuses Host %j with 403', (host) => {
    const refusal = findGuardRefusal(request(host === '' ? {} : { host }), policy)
    expect(refusal?.status).toBe(403)
    expect(refusal?.code).toBe('host_not_allowed')
  })

  test('a wildcard bind host is never itself an allowed name', () => {
    const wildcard = accessPolicyFrom({ CODEX_SHIM_BIND_HOST: '0.0.0.0' })
    expect(findGuardRefusal(request({ host: '0.0.0.0:8765' }), wildcard)?.status).toBe(403)
  })

  test.each([['https://evil.example'], ['null'], ['http://127.0.0.1.evil.example'], ['file://']])(
    'refuses cross-site Origin %s',
    (origin) => {
      const refusal = findGuardRefusal(request({ host: '127.0.0.1:8765', origin }), policy)
      expect(refusal?.status).toBe(403)
      expect(refusal?.code).toBe('cross_site_refused')
    },
  )

  test.each([['http://localhost:3000'], ['http://127.0.0.1:8765'], ['http://[::1]:8765']])(
    'accepts loopback Origin %s',
    (origin) => {
      expect(findGuardRefusal(request({ host: '127.0.0.1:8765', origin }), policy)).toBeUndefined()
    },
  )

  test('refuses Sec-Fetch-Site: cross-site even without an Origin', () => {
    expect(findGuardRefusal(request({ host: 'localhost', 'sec-fetch-site': 'cross-site' }), policy)?.status).toBe(403)
  })

  test.each([['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x']])(
    'refuses a POST with Content-Type %s (415)',
    (contentType) => {
      const refusal = findGuardRefusal(request({ host: 'localhost', 'content-type': contentType }, 'POST'), policy)
      expect(refusal?.status).toBe(415)
    },
  )

  test('refuses a POST without Content-Type', () => {
    expect(findGuardRefusal(request({ host: 'localhost' }, 'POST'), policy)?.status).toBe(415)
  })

  test.each([['application/json'], ['application/json; charset=utf-8'], ['Application/JSON']])(
    'accepts a POST with %s',
    (contentType) => {
      expect(
        findGuardRefusal(request({ host: 'localhost', 'content-type': contentType }, 'POST'), policy),
      ).toBeUndefined()
    },
  )
})

/** What `authenticate` refused with, or undefined when it let the request in. */
async function refusalOf(req: Request, env: Parameters<typeof clientAuthFrom>[0]): Promise<GatewayError | undefined> {
  try {
    await authenticate(req, clientAuthFrom(env))
    return undefined
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
}

describe('the client token (local daemon)', () => {
  const host = { fetch: async () => new Response() } as unknown as Fetcher
  const locked = {
    HOST: host,
    CODEX_SHIM_ACCESS_TOKEN: 's3cret-token-value',
    CODEX_SHIM_TOKEN_FILE: '/home/u/.codex-shim/token',
  }

  test('is required as a Bearer token, compared exactly', async () => {
    expect((await refusalOf(request({ host: 'localhost' }), locked))?.code).toBe('missing_gateway_token')
    expect((await refusalOf(request({ host: 'localhost', authorization: 'Bearer wrong' }), locked))?.code).toBe(
      'invalid_gateway_token',
    )
    expect(
      (await refusalOf(request({ host: 'localhost', authorization: 'Bearer s3cret-token-valuE' }), locked))?.status,
    ).toBe(401)
    expect(
      (await refusalOf(request({ host: 'localhost', authorization: 'Bearer s3cret-token-value-and-more' }), locked))
        ?.status,
    ).toBe(401)
    expect(
      await refusalOf(request({ host: 'localhost', authorization: 'Bearer s3cret-token-value' }), locked),
    ).toBeUndefined()
  })

  test('the 401 says where the token is, and never what it is', async () => {
    const refusal = await refusalOf(request({ host: 'localhost', authorization: 'Bearer wrong' }), locked)
    expect(refusal?.message).toContain('/home/u/.codex-shim/token')
    expect(refusal?.message).toContain('codex-shim token')
    expect(refusal?.message).not.toContain('s3cret')
  })

  test('x-api-key is accepted on /v1/messages (Anthropic clients) and nowhere else', async () => {
    expect(
      await refusalOf(request({ host: 'localhost', 'x-api-key': 's3cret-token-value' }, 'GET', '/v1/messages'), locked),
    ).toBeUndefined()
    expect(
      await refusalOf(
        request({ host: 'localhost', 'x-api-key': 's3cret-token-value' }, 'GET', '/v1/messages/count_tokens'),
        locked,
      ),
    ).toBeUndefined()
    expect(
      (
        await refusalOf(
          request({ host: 'localhost', 'x-api-key': 's3cret-token-value' }, 'GET', '/v1/responses'),
          locked,
        )
      )?.status,
    ).toBe(401)
    expect(
      (await refusalOf(request({ host: 'localhost', 'x-api-key': 'wrong' }, 'GET', '/v1/messages'), locked))?.status,
    ).toBe(401)
  })

  test('/health stays open', async () => {
    expect(await refusalOf(request({ host: 'localhost' }, 'GET', '/health'), locked)).toBeUndefined()
  })

  test('a daemon with neither a token nor CODEX_SHIM_AUTH=off serves no one', async () => {
    expect(
      (await refusalOf(request({ host: 'localhost', authorization: 'Bearer anything' }), { HOST: host }))?.code,
    ).toBe('gateway_token_unconfigured')
  })

  test('CODEX_SHIM_AUTH=off lets requests without a token through', async () => {
    expect(await refusalOf(request({ host: 'localhost' }), { HOST: host, CODEX_SHIM_AUTH: 'off' })).toBeUndefined()
  })
})

describe('a deployed gateway (no HOST)', () => {
  test('with nothing configured refuses everything, /health included, naming the missing secrets', async () => {
    for (const path of ['/v1/responses', '/health', '/v1/models']) {
      const refusal = await refusalOf(request({ host: 'gw.example.com' }, 'GET', path), { CODEX_SHIM_AUTH: 'off' })
      expect(refusal?.status).toBe(401)
      expect(refusal?.message).toContain('CODEX_SHIM_ACCESS_TOKEN')
      expect(refusal?.message).toContain('CODEX_SHIM_ACCESS_TEAM_DOMAIN')
    }
  })

  test('the bearer secret is compared in constant time and names the caller `bearer`', async () => {
    const env = { CODEX_SHIM_ACCESS_TOKEN: 'team-secret-123456' }
    expect(await authenticate(request({ authorization: 'Bearer team-secret-123456' }), clientAuthFrom(env))).toEqual({
      identity: 'bearer',
    })
    expect((await refusalOf(request({ authorization: 'Bearer team-secret-12345' }), env))?.code).toBe(
      'invalid_gateway_token',
    )
    expect((await refusalOf(request({}), env))?.message).toContain('bearer token')
  })

  test('the deployed host is allowed even when CODEX_SHIM_ALLOWED_HOSTS forgets it', () => {
    const deployed = accessPolicyFrom({}, 'https://codex-shim.team.example/v1/responses')
    expect(
      findGuardRefusal(
        new Request('https://codex-shim.team.example/v1/responses', { headers: { host: 'codex-shim.team.example' } }),
        deployed,
      ),
    ).toBeUndefined()
    const local = accessPolicyFrom({ HOST: {} as Fetcher }, 'http://evil.example/v1/responses')
    expect(
      findGuardRefusal(new Request('http://evil.example/', { headers: { host: 'evil.example' } }), local)?.status,
    ).toBe(403)
  })
})

describe('the guard on every route', () => {
  test.each([['/health'], ['/v1/models'], ['/no/such/route']])('a foreign Host on %s gets a JSON 403', async (path) => {
    const response = await callGateway(path, { headers: { host: 'rebind.attacker.example' } })
    expect(response.status).toBe(403)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect((await errorOf(response)).code).toBe('host_not_allowed')
  })

  test('a cross-site page cannot POST to /v1/responses', async () => {
    const response = await callGateway('/v1/responses', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', input: [] }),
    })
    expect(response.status).toBe(403)
  })

  test('a text/plain POST is refused before the body is read', async () => {
    const response = await callGateway('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"model":"x"}',
    })
    expect(response.status).toBe(415)
    expect((await errorOf(response)).message).toContain('application/json')
  })

  test('a request without the token gets a JSON 401 before anything else runs', async () => {
    const response = await callGateway('/v1/responses', {
      token: null,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":"x"}',
    })
    expect(response.status).toBe(401)
    expect((await errorOf(response)).code).toBe('missing_gateway_token')
  })

  test('on /v1/messages the 401 is in Anthropic’s shape', async () => {
    const response = await callGateway('/v1/messages', {
      token: null,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } })
  })

  test('loopback requests pass', async () => {
    for (const host of ['127.0.0.1:8765', 'localhost:8765', '[::1]:8765']) {
      expect((await callGateway('/health', { headers: { host } })).status).toBe(200)
    }
  })
})

describe('the picker’s doors', () => {
  const host = { fetch: async () => new Response() } as unknown as Fetcher
  const locked = { HOST: host, CODEX_SHIM_ACCESS_TOKEN: 's3cret-token-value' }

  test('the session cookie stands in for the token on /picker and /api/* only', async () => {
    const cookie = `codex_shim_picker=${await sessionValueFor('s3cret-token-value')}`
    for (const path of ['/picker', '/api/models', '/api/switch'])
      expect(await refusalOf(request({ host: 'localhost', cookie }, 'GET', path), locked)).toBeUndefined()
    for (const path of ['/v1/responses', '/v1/models', '/v1/messages', '/health/../v1/models', '/apix']) {
      expect((await refusalOf(request({ host: 'localhost', cookie }, 'GET', path), locked))?.status ?? 200).not.toBe(
        200,
      )
    }
  })

  test('the ?token= link counts on GET /picker only', async () => {
    expect(
      await refusalOf(request({ host: 'localhost' }, 'GET', '/picker?token=s3cret-token-value'), locked),
    ).toBeUndefined()
    expect((await refusalOf(request({ host: 'localhost' }, 'GET', '/picker?token=wrong'), locked))?.code).toBe(
      'invalid_gateway_token',
    )
    expect(
      (await refusalOf(request({ host: 'localhost' }, 'GET', '/v1/models?token=s3cret-token-value'), locked))?.status,
    ).toBe(401)
    expect(
      (await refusalOf(request({ host: 'localhost' }, 'POST', '/picker?token=s3cret-token-value'), locked))?.status,
    ).toBe(401)
  })

  test.each([
    ['GET /api/models needs no CSRF token', 'GET', '/api/models', {}, undefined],
    ['POST /v1/responses is not the picker’s', 'POST', '/v1/responses', {}, undefined],
    ['POST /api/switch without Origin', 'POST', '/api/switch', {}, 'cross_origin_refused'],
    [
      'POST /api/switch from another port',
      'POST',
      '/api/switch',
      { origin: 'http://127.0.0.1:9999' },
      'cross_origin_refused',
    ],
    [
      'POST /api/switch, same origin, no token',
      'POST',
      '/api/switch',
      { origin: 'http://127.0.0.1:8765' },
      'invalid_csrf_token',
    ],
  ])('findCsrfRefusal: %s', async (_name, method, path, headers, code) => {
    const refusal = await findCsrfRefusal(request({ host: '127.0.0.1:8765', ...headers }, method, path), locked)
    expect(refusal?.code).toBe(code)
  })
})
