import { describe, expect, test } from 'vitest'
import { cookieValue, sessionCookieHeaders, sessionValueFor } from '../../../worker/picker/session-cookie'
import { callGateway, errorOf } from '../helpers/gateway'
import { GATEWAY_TOKEN, signIn } from './picker-kit'

describe('signing in with the link `codex-shim picker` opens', () => {
  test('?token= sets an HttpOnly SameSite=Strict cookie for /picker and /api and redirects to the bare URL', async () => {
    const response = await callGateway(`/picker?token=${GATEWAY_TOKEN}`, { token: null })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/picker')
    const cookies = response.headers.getAll('set-cookie')
    expect(cookies.map((cookie) => /Path=([^;]+)/.exec(cookie)?.[1])).toEqual(['/picker', '/api'])
    for (const cookie of cookies) {
      expect(cookie).toMatch(/; HttpOnly(;|$)/)
      expect(cookie).toMatch(/; SameSite=Strict(;|$)/)
    }
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  test('the cookie holds an HMAC of the token, never the token', async () => {
    const cookie = await signIn()
    const value = cookieValue(cookie, 'codex_shim_picker')
    expect(value).toBe(await sessionValueFor(GATEWAY_TOKEN))
    expect(cookie).not.toContain(GATEWAY_TOKEN)
    expect(value).not.toBe(await sessionValueFor(`${GATEWAY_TOKEN}x`))
  })

  test('a wrong token in the link is a 401 and sets no cookie', async () => {
    const response = await callGateway('/picker?token=not-the-token', { token: null })
    expect(response.status).toBe(401)
    expect(response.headers.getAll('set-cookie')).toEqual([])
  })

  test('with neither token nor cookie the page is a 401 that says how to open it', async () => {
    const response = await callGateway('/picker', { token: null })
    expect(response.status).toBe(401)
    expect((await errorOf(response)).message).toContain('codex-shim picker')
  })

  test('the cookie opens the page and the JSON behind it', async () => {
    const cookie = await signIn()
    const page = await callGateway('/picker', { token: null, headers: { cookie } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect((await page.text()).startsWith('<!DOCTYPE html>')).toBe(true)
    expect((await callGateway('/api/models', { token: null, headers: { cookie } })).status).toBe(200)
    expect((await callGateway('/api/activity', { token: null, headers: { cookie } })).status).toBe(200)
  })

  test.each([['/v1/models'], ['/v1/responses']])('the cookie is never accepted on %s', async (path) => {
    const cookie = await signIn()
    const response = await callGateway(path, { token: null, headers: { cookie } })
    expect(response.status).toBe(401)
  })

  test('the token link works on GET /picker only, not on /api/*', async () => {
    expect((await callGateway(`/api/models?token=${GATEWAY_TOKEN}`, { token: null })).status).toBe(401)
  })

  test('a forged or stale cookie is refused with the way back in', async () => {
    const response = await callGateway('/api/models', { token: null, headers: { cookie: 'codex_shim_picker=forged' } })
    expect(response.status).toBe(401)
    const error = await errorOf(response)
    expect(error.code).toBe('invalid_picker_session')
    expect(error.message).toContain('codex-shim picker')
  })

  test('a cookie made for another token (the token was replaced) no longer works', async () => {
    const [old] = sessionCookieHeaders(await sessionValueFor('an-older-token-value'))
    const response = await callGateway('/api/models', {
      token: null,
      headers: { cookie: (old ?? '').split(';', 1)[0] ?? '' },
    })
    expect(response.status).toBe(401)
  })

  test('deployed with a bearer secret, the same flow signs in with that secret', async () => {
    const bindings = {
      HOST: undefined,
      CODEX_SHIM_ACCESS_TOKEN: 'team-bearer-secret-1234',
      CODEX_SHIM_ALLOWED_HOSTS: '',
    }
    const cookie = await signIn(bindings, 'team-bearer-secret-1234')
    expect((await callGateway('/api/models', { token: null, headers: { cookie }, bindings })).status).toBe(200)
    expect((await callGateway('/v1/models', { token: null, headers: { cookie }, bindings })).status).toBe(401)
  })

  test('cookieValue reads one cookie among several', () => {
    expect(cookieValue('a=1; codex_shim_picker=xyz; b=2', 'codex_shim_picker')).toBe('xyz')
    expect(cookieValue('codex_shim_pickerx=1', 'codex_shim_picker')).toBeUndefined()
    expect(cookieValue(null, 'codex_shim_picker')).toBeUndefined()
  })
})
