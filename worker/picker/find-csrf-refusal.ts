import type { Bindings } from '../env'
import { GatewayError } from '../http/gateway-error'
import { CSRF_HEADER, csrfKeyOf, isValidCsrfToken } from './csrf-token'

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Why a state-changing `/api/*` call must be refused, or undefined. A page on another local port is same-site to
 * the browser (ports do not count), so SameSite=Strict still sends it our cookie: the call must also come from our
 * own origin, scheme, host and port alike, and carry the CSRF token only our page was given. Checked for every such
 * call, whatever credential it came with, so CODEX_SHIM_AUTH=off does not open the switch to other pages.
 */
export async function findCsrfRefusal(
  req: Request,
  env: Pick<Bindings, 'HOST' | 'CODEX_SHIM_ACCESS_TOKEN' | 'CODEX_SHIM_HOST_SECRET'>,
): Promise<GatewayError | undefined> {
  if (!STATE_CHANGING_METHODS.has(req.method) || !new URL(req.url).pathname.startsWith('/api/')) return undefined
  const key = csrfKeyOf(env)
  // Deployed without a bearer secret there is nothing to sign with, and without HOST nothing to change: the route answers 501.
  if (key === undefined)
    return env.HOST === undefined
      ? undefined
      : refuse('csrf_unavailable', 'The gateway has no key to check the page with; restart it.')
  const fetchSite = req.headers.get('sec-fetch-site')
  if (fetchSite !== null && fetchSite !== 'same-origin')
    return refuse(
      'cross_origin_refused',
      `Only the picker page itself may change settings (Sec-Fetch-Site: ${fetchSite}).`,
    )
  const own = ownOriginOf(req)
  const origin = req.headers.get('origin')?.toLowerCase()
  if (origin !== own)
    return refuse(
      'cross_origin_refused',
      `Only the picker page (${own}) may change settings; this call came from ${origin ?? 'no Origin'}.`,
    )
  if (!(await isValidCsrfToken(req.headers.get(CSRF_HEADER), key)))
    return refuse(
      'invalid_csrf_token',
      'The page’s CSRF token is missing or not this gateway’s. Reload the picker page.',
    )
  return undefined
}

/** The origin the browser reached us at: the request's scheme and its Host header (already checked by the guard). */
export function ownOriginOf(req: Request): string {
  return `${new URL(req.url).protocol}//${(req.headers.get('host') ?? new URL(req.url).host).trim().toLowerCase()}`
}

function refuse(code: string, message: string): GatewayError {
  return new GatewayError(403, code, message)
}
