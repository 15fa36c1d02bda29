import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { constantTimeEqual } from '../http/constant-time-equal'
import { csrfKeyOf, issueCsrfToken } from '../picker/csrf-token'
import { randomBase64Url } from '../picker/hmac-base64url'
import { renderPickerPage } from '../picker/render-page'
import { pageContentSecurityPolicy } from '../picker/security-headers'
import { sessionCookieHeaders, sessionValueFor } from '../picker/session-cookie'

const encoder = new TextEncoder()

/**
 * `GET /picker`. With `?token=` (the link `codex-shim picker` opens; the guard has checked it) the browser gets the
 * session cookie and is sent to the bare URL at once, so the token leaves the address bar and the history. Without
 * it, the page, with a fresh script nonce and CSRF token each time.
 */
export const pickerRoute = new Hono<AppEnv>().get('/', async (c) => {
  const token = new URL(c.req.url).searchParams.get('token')?.trim()
  if (token !== undefined) {
    const headers = new Headers({ location: '/picker' })
    // Only the gateway's own token becomes a session (with CODEX_SHIM_AUTH=off the guard checked nothing).
    const secret = c.env.CODEX_SHIM_ACCESS_TOKEN?.trim() ?? ''
    if (secret !== '' && constantTimeEqual(token, secret)) {
      for (const cookie of sessionCookieHeaders(await sessionValueFor(token))) headers.append('set-cookie', cookie)
    }
    return new Response(null, { status: 303, headers })
  }
  const nonce = randomBase64Url(18)
  const key = csrfKeyOf(c.env)
  const bytes = encoder.encode(
    renderPickerPage({ nonce, csrfToken: key === undefined ? '' : await issueCsrfToken(key) }),
  )
  return new Response(bytes, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(bytes.byteLength),
      'content-security-policy': pageContentSecurityPolicy(nonce),
    },
  })
})
