import { describe, expect, test } from 'vitest'
import type { SettingsSnapshot } from '../../../shared/host-protocol'
import { issueCsrfToken, isValidCsrfToken } from '../../../worker/picker/csrf-token'
import { errorOf, model } from '../helpers/gateway'
import { pageCsrfToken, postSwitch, signIn, switchingHost } from './picker-kit'

const snapshot: SettingsSnapshot = {
  ok: true,
  chatgptPassthrough: 'logged_out',
  models: [model({ slug: 'alpha' }), model({ slug: 'beta', index: 1 })],
  managedModel: 'alpha',
}

async function signedInPage(bindings = {}) {
  const cookie = await signIn(bindings)
  return { cookie, csrf: await pageCsrfToken(cookie, bindings) }
}

describe('POST /api/switch', () => {
  test('from the page, with its cookie, CSRF token and Origin, goes to HOST and answers the new active model', async () => {
    const { host, switches } = switchingHost(snapshot)
    const page = await signedInPage({ HOST: host })
    const response = await postSwitch({
      ...page,
      body: { slug: 'beta', restart_codex: true },
      bindings: { HOST: host },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      ok: true,
      active: { slug: 'beta', display_name: 'BETA' },
      provider_name: 'BETA (codex-shim)',
      restart: { kind: 'not_requested' },
    })
    expect(switches).toEqual([{ slug: 'beta', restartCodex: true, port: 8765 }])
  })

  test.each([
    ['no CSRF header', { csrf: undefined }, 'invalid_csrf_token'],
    ['a made-up CSRF header', { csrf: 'abc.def' }, 'invalid_csrf_token'],
    ['a CSRF token signed with another key', { csrf: 'other' }, 'invalid_csrf_token'],
    ['another local port’s Origin', { origin: 'http://127.0.0.1:9999' }, 'cross_origin_refused'],
    ['another loopback name’s Origin', { origin: 'http://localhost:8765' }, 'cross_origin_refused'],
    ['no Origin', { origin: null }, 'cross_origin_refused'],
    ['Sec-Fetch-Site: same-site', { headers: { 'sec-fetch-site': 'same-site' } }, 'cross_origin_refused'],
  ])('with %s is a 403 and HOST is never called', async (_name, override, code) => {
    const { host, switches } = switchingHost(snapshot)
    const page = await signedInPage({ HOST: host })
    const csrf =
      'csrf' in override
        ? override.csrf === 'other'
          ? await issueCsrfToken('some-other-key-entirely')
          : override.csrf
        : page.csrf
    const response = await postSwitch({ ...page, ...override, csrf, bindings: { HOST: host } })
    expect(response.status).toBe(403)
    expect((await errorOf(response)).code).toBe(code)
    expect(switches).toEqual([])
  })

  test('a form post (what a foreign page can send without a preflight) is refused before anything else', async () => {
    const { host, switches } = switchingHost(snapshot)
    const page = await signedInPage({ HOST: host })
    const response = await postSwitch({
      ...page,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      bindings: { HOST: host },
    })
    expect(response.status).toBe(415)
    expect(switches).toEqual([])
  })

  test('without a session it is a 401, CSRF token or not', async () => {
    const { host, switches } = switchingHost(snapshot)
    const { csrf } = await signedInPage({ HOST: host })
    expect((await postSwitch({ csrf, bindings: { HOST: host } })).status).toBe(401)
    expect(switches).toEqual([])
  })

  test('with CODEX_SHIM_AUTH=off the CSRF token and Origin are still required', async () => {
    const { host, switches } = switchingHost(snapshot)
    const bindings = { HOST: host, CODEX_SHIM_ACCESS_TOKEN: undefined, CODEX_SHIM_AUTH: 'off' }
    expect((await postSwitch({ bindings })).status).toBe(403)
    const csrf = await pageCsrfToken('', bindings)
    expect((await postSwitch({ csrf, bindings, origin: 'http://127.0.0.1:9999' })).status).toBe(403)
    expect((await postSwitch({ csrf, bindings })).status).toBe(200)
    expect(switches).toHaveLength(1)
  })

  test('HOST’s refusal keeps its status and message', async () => {
    const { host } = switchingHost(snapshot, () => ({
      ok: false,
      status: 404,
      code: 'model_not_found',
      message: 'No model "zeta" is served by this gateway now; reload the page.',
    }))
    const page = await signedInPage({ HOST: host })
    const response = await postSwitch({ ...page, body: { slug: 'zeta' }, bindings: { HOST: host } })
    expect(response.status).toBe(404)
    expect((await errorOf(response)).message).toContain('zeta')
  })

  test.each([[{ slug: '' }], [{ slug: 7 }], [{ slug: 'alpha', restart_codex: 'yes' }]])(
    'a malformed body %j is a 400',
    async (body) => {
      const { host, switches } = switchingHost(snapshot)
      const page = await signedInPage({ HOST: host })
      expect((await postSwitch({ ...page, body, bindings: { HOST: host } })).status).toBe(400)
      expect(switches).toEqual([])
    },
  )

  test('deployed (no HOST) it answers 501 with the reason', async () => {
    const bindings = {
      HOST: undefined,
      CODEX_SHIM_ACCESS_TOKEN: 'team-bearer-secret-1234',
      CODEX_SHIM_ALLOWED_HOSTS: '',
    }
    const cookie = await signIn(bindings, 'team-bearer-secret-1234')
    const csrf = await pageCsrfToken(cookie, bindings)
    const response = await postSwitch({ cookie, csrf, bindings })
    expect(response.status).toBe(501)
    expect((await errorOf(response)).message).toContain('deployed')
  })
})

describe('CSRF tokens', () => {
  test('verify only under the key that made them, and only whole', async () => {
    const token = await issueCsrfToken('key-one')
    expect(await isValidCsrfToken(token, 'key-one')).toBe(true)
    expect(await isValidCsrfToken(token, 'key-two')).toBe(false)
    expect(await isValidCsrfToken(`${token}x`, 'key-one')).toBe(false)
    expect(await isValidCsrfToken(`${token}.more`, 'key-one')).toBe(false)
    expect(await isValidCsrfToken(token.split('.')[0] ?? '', 'key-one')).toBe(false)
    expect(await isValidCsrfToken(null, 'key-one')).toBe(false)
    expect(await issueCsrfToken('key-one')).not.toBe(token)
  })
})
