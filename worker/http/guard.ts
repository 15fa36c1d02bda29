import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { findCsrfRefusal } from '../picker/find-csrf-refusal'
import { authenticate } from './access/authenticate'
import { clientAuthFrom } from './access/client-auth'
import { accessPolicyFrom, type AccessPolicy } from './access-policy'
import { GatewayError } from './gateway-error'
import { hostNameOf } from './host-name'

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH'])

/** Runs on every route, before anything reads a body or a binding: where requests may come from, then who they are. */
export const guard = () =>
  createMiddleware<AppEnv>(async function guard(c, next) {
    const refusal = findGuardRefusal(c.req.raw, accessPolicyFrom(c.env, c.req.url))
    if (refusal) throw refusal
    const caller = await authenticate(c.req.raw, clientAuthFrom(c.env))
    c.var.summary.caller = caller.identity
    // The picker's state-changing calls also prove they come from the picker page (its own origin and CSRF token).
    const csrfRefusal = await findCsrfRefusal(c.req.raw, c.env)
    if (csrfRefusal) throw csrfRefusal
    await next()
  })

/** Why a request must not be served, or undefined when it may pass. Pure, so it is table-tested. */
export function findGuardRefusal(req: Request, policy: AccessPolicy): GatewayError | undefined {
  // A DNS-rebinding page reaches 127.0.0.1 under its own name; only names we serve are let in.
  const hostHeader = req.headers.get('host')
  const host = hostHeader === null ? '' : hostNameOf(hostHeader)
  if (!policy.allowedHosts.has(host)) {
    return new GatewayError(
      403,
      'host_not_allowed',
      `Host "${host}" is not served here. Add it to CODEX_SHIM_ALLOWED_HOSTS if you meant to reach the gateway by that name.`,
    )
  }

  // Browsers send Sec-Fetch-Site and Origin; `cross-site` or a foreign origin means a web page, not Codex.
  if (req.headers.get('sec-fetch-site') === 'cross-site') {
    return new GatewayError(403, 'cross_site_refused', 'Cross-site requests are refused.')
  }
  const origin = req.headers.get('origin')
  if (origin !== null && !isAllowedOrigin(origin, policy)) {
    return new GatewayError(403, 'cross_site_refused', `Requests from origin ${origin} are refused.`)
  }

  // A form or text/plain POST is what a cross-site page can send without a preflight; Codex always sends JSON.
  if (METHODS_WITH_BODY.has(req.method) && !isJsonContentType(req.headers.get('content-type'))) {
    return new GatewayError(
      415,
      'unsupported_media_type',
      'Request bodies must be JSON (Content-Type: application/json).',
    )
  }
  return undefined
}

function isAllowedOrigin(origin: string, policy: AccessPolicy): boolean {
  if (!/^https?:\/\//i.test(origin)) return false
  try {
    return policy.allowedHosts.has(hostNameOf(new URL(origin).host))
  } catch {
    // An Origin that is not a URL (`null` from sandboxed frames, garbage) is never one of ours.
    return false
  }
}

function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false
  const mediaType = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? ''
  return mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'))
}
