import { describe, expect, test } from 'vitest'
import { accessPolicyFrom } from '../../worker/http/access-policy'
import { findGuardRefusal } from '../../worker/http/guard'
import { hostNameOf } from '../../worker/http/host-name'
import { callGateway, errorOf } from './helpers/gateway'

const policy = accessPolicyFrom({ CODEX_SHIM_BIND_HOST: '127.0.0.1', CODEX_SHIM_ALLOWED_HOSTS: ' Gateway.Test , other.lan' })

function request(headers: Record<string, string>, method = 'GET'): Request {
  return new Request('http://127.0.0.1:8765/v1/responses', { method, headers })
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
  test.each([
    ['127.0.0.1:8765'],
    ['localhost:8765'],
    ['[::1]:8765'],
    ['gateway.test:8765'],
    ['OTHER.lan'],
  ])('lets loopback and allowed Host %s through', (host) => {
    expect(findGuardRefusal(request({ host }), policy)).toBeUndefined()
  })

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

  test.each([['http://localhost:3000'], ['http://127.0.0.1:8765'], ['http://[::1]:8765']])('accepts loopback Origin %s', (origin) => {
    expect(findGuardRefusal(request({ host: '127.0.0.1:8765', origin }), policy)).toBeUndefined()
  })

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

  test.each([['application/json'], ['application/json; charset=utf-8'], ['Application/JSON']])('accepts a POST with %s', (contentType) => {
    expect(findGuardRefusal(request({ host: 'localhost', 'content-type': contentType }, 'POST'), policy)).toBeUndefined()
  })

  test('requires the access token as a Bearer token when one is configured', () => {
    const locked = accessPolicyFrom({ CODEX_SHIM_ACCESS_TOKEN: 's3cret-token' })
    expect(findGuardRefusal(request({ host: 'localhost' }), locked)?.status).toBe(401)
    expect(findGuardRefusal(request({ host: 'localhost', authorization: 'Bearer wrong' }), locked)?.status).toBe(401)
    expect(findGuardRefusal(request({ host: 'localhost', authorization: 'Bearer s3cret-token' }), locked)).toBeUndefined()
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
    const response = await callGateway('/v1/responses', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"model":"x"}' })
    expect(response.status).toBe(415)
    expect((await errorOf(response)).message).toContain('application/json')
  })

  test('loopback requests pass', async () => {
    for (const host of ['127.0.0.1:8765', 'localhost:8765', '[::1]:8765']) {
      expect((await callGateway('/health', { headers: { host } })).status).toBe(200)
    }
  })
})
