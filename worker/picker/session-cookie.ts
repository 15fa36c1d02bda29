import { hmacBase64Url } from './hmac-base64url'

export const SESSION_COOKIE = 'codex_shim_picker'
/** The only paths a browser sends the cookie to, and the only ones where the gateway accepts it. */
export const SESSION_COOKIE_PATHS = ['/picker', '/api'] as const

/** `/picker` and `/api/*`: the picker's own doors. Never `/v1/*`, so a session cannot spend model quota. */
export function isSessionPath(path: string): boolean {
  return path === '/picker' || path.startsWith('/api/')
}

/**
 * The cookie's value: an HMAC of the gateway token, not the token, so a leaked cookie (a browser profile backup, a
 * debugging screenshot) does not let anyone call /v1/*. It stays valid across daemon restarts and ends when the
 * token is replaced.
 */
export function sessionValueFor(token: string): Promise<string> {
  return hmacBase64Url(token, 'codex-shim picker session v1')
}

/**
 * HttpOnly: the page's own script never sees it. SameSite=Strict: no other site's page or link sends it. One per
 * path, so the browser does not even offer it to /v1/*. No Max-Age: it lasts until the browser closes.
 */
export function sessionCookieHeaders(value: string): string[] {
  return SESSION_COOKIE_PATHS.map((path) => `${SESSION_COOKIE}=${value}; Path=${path}; HttpOnly; SameSite=Strict`)
}

/** The value of cookie `name` in a Cookie header (the first one, as browsers order the most specific first). */
export function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=')
    if (separator !== -1 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim()
  }
  return undefined
}
