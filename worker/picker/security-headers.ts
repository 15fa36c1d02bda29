import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/**
 * The page's policy: only its own nonce'd script and style run, it may talk only to this gateway, it posts no
 * forms, and no other page may frame it (clickjacking the switch). The favicon is an inline `data:` URL.
 */
export function pageContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** JSON and refusals on the picker's paths: nothing in them may run, load or be framed. */
export const DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"

/** Headers every picker and /api response gets (no Access-Control-* ever: other origins get no way in). */
export const PICKER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // The first URL carries the token; no page it leads to may learn it from a Referer.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  // Another origin's <script src> or <img src> cannot read /api/* answers into its page.
  'cross-origin-resource-policy': 'same-origin',
}

/**
 * Runs ahead of the guard on `/picker` and `/api/*`, so its refusals carry the headers too. A route that sets its
 * own Content-Security-Policy (the page, with its nonce) keeps it.
 */
export const pickerSecurityHeaders = () =>
  createMiddleware<AppEnv>(async function pickerSecurityHeaders(c, next) {
    await next()
    const headers = c.res.headers
    if (!headers.has('content-security-policy')) headers.set('content-security-policy', DATA_CONTENT_SECURITY_POLICY)
    for (const [name, value] of Object.entries(PICKER_SECURITY_HEADERS)) headers.set(name, value)
    for (const name of [...headers.keys()]) if (name.startsWith('access-control-')) headers.delete(name)
  })
