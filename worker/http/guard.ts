import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { accessPolicyFrom, type AccessPolicy, type ClientAuth } from './access-policy'
import { constantTimeEqual } from './constant-time-equal'
import { GatewayError } from './gateway-error'
import { hostNameOf } from './host-name'

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH'])

/** Runs on every route, before anything reads a body or a binding. */
export const guard = () =>
  createMiddleware<AppEnv>(async function guard(c, next) {
    const refusal = findGuardRefusal(c.req.raw, accessPolicyFrom(c.env))
    if (refusal) throw refusal
    await next()
  })

/** Why a request must not be served, or undefined when it may pass. Pure, so it is table-tested. */
export function findGuardRefusal(req: Request, policy: AccessPolicy): GatewayError | undefined {
  // A DNS-rebinding page reaches 127.0.0.1 under its own name; only names we serve are let in.
  const hostHeader = req.headers.get('host')
  const host = hostHeader === null ? '' : hostNameOf(hostHeader)
  if (!policy.allowedHosts.has(host)) {
    return new GatewayError(403, 'host_not_allowed', `Host "${host}" is not served here. Add it to CODEX_SHIM_ALLOWED_HOSTS if you meant to reach the gateway by that name.`)
  }

  // Browsers send Sec-Fetch-Site and Origin; `cross-site` or a foreign origin means a web page, not Codex.
  if (req.headers.get('sec-fetch-site') === 'cross-site') {
    return new GatewayError(403, 'cross_site_refused', 'Cross-site requests are refused.')
  }
  const origin = req.headers.get('origin')
  if (origin !== null && !isAllowedOrigin(origin, policy)) {
    return new GatewayError(403, 'cross_site_refused', `Requests from origin ${origin} are refused.`)
  }

  const tokenRefusal = findTokenRefusal(req, policy.auth)
  if (tokenRefusal) return tokenRefusal

  // A form or text/plain POST is what a cross-site page can send without a preflight; Codex always sends JSON.
  if (METHODS_WITH_BODY.has(req.method) && !isJsonContentType(req.headers.get('content-type'))) {
    return new GatewayError(415, 'unsupported_media_type', 'Request bodies must be JSON (Content-Type: application/json).')
  }
  return undefined
}

/** Paths anyone on the machine may call: liveness only, and it says nothing secret. */
const OPEN_PATHS = new Set(['/health'])

function findTokenRefusal(req: Request, auth: ClientAuth): GatewayError | undefined {
  const path = new URL(req.url).pathname
  if (auth.kind === 'off' || OPEN_PATHS.has(path)) return undefined
  if (auth.kind === 'unconfigured') {
    return new GatewayError(401, 'gateway_token_unconfigured', 'This gateway has no access token configured (CODEX_SHIM_ACCESS_TOKEN), so it serves no one.')
  }
  const presented = presentedToken(req, path)
  const where = auth.tokenFile === undefined ? 'its access token' : `the token in ${auth.tokenFile} (\`codex-shim token\` prints it)`
  if (presented === undefined) {
    return new GatewayError(401, 'missing_gateway_token', `This gateway needs ${where}: send it as \`Authorization: Bearer <token>\`${path.startsWith('/v1/messages') ? ' or `x-api-key`' : ''}.`)
  }
  if (!constantTimeEqual(presented, auth.token)) {
    return new GatewayError(401, 'invalid_gateway_token', `The token sent is not this gateway's. Use ${where}.`)
  }
  return undefined
}

/** `Authorization: Bearer`, and on the Anthropic door also `x-api-key` (what Claude Code and the SDKs send). */
function presentedToken(req: Request, path: string): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1]?.trim()
  if (bearer !== undefined && bearer !== '') return bearer
  const apiKey = path.startsWith('/v1/messages') ? req.headers.get('x-api-key')?.trim() : undefined
  return apiKey === undefined || apiKey === '' ? undefined : apiKey
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
