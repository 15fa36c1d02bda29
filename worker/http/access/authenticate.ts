import { isSessionFor, PICKER_SIGN_IN_HINT, pickerCredentialOf } from '../../picker/picker-session'
import { isSessionPath } from '../../picker/session-cookie'
import { constantTimeEqual } from '../constant-time-equal'
import { GatewayError } from '../gateway-error'
import { verifyAccessJwt } from './access-jwt'
import type { ClientAuth } from './client-auth'

/** Paths anyone may call: liveness only, and it says nothing secret. */
const OPEN_PATHS = new Set(['/health'])

export interface Caller {
  /** Who is calling, for the request log: an Access user's email, a service token's client id, or `bearer`. */
  identity?: string
}

/**
 * Decides whether the request may use the gateway, and who it is. Locally that is the per-install token;
 * deployed, a valid Cloudflare Access token (Cf-Access-Jwt-Assertion) or the bearer secret, whichever the
 * deployment configured; with neither configured, nothing is served. Refusals are 401s that name the failed
 * check, never a token.
 */
export async function authenticate(req: Request, auth: ClientAuth): Promise<Caller> {
  const path = new URL(req.url).pathname
  if (auth.kind === 'unconfigured') throw unconfigured(auth.isDeployed)
  if (auth.kind === 'off' || OPEN_PATHS.has(path)) return {}
  // The picker's browser has no Authorization header: its token link or its session cookie stands in for one.
  const picker = pickerCredentialOf(req, path)
  const presented = presentedToken(req, path) ?? (picker.kind === 'query_token' ? picker.token : undefined)
  if (auth.kind === 'token') {
    const where =
      auth.tokenFile === undefined
        ? 'its access token'
        : `the token in ${auth.tokenFile} (\`codex-shim token\` prints it)`
    if (presented === undefined && picker.kind === 'cookie') {
      if (await isSessionFor(picker.value, auth.token)) return {}
      throw refusal(
        'invalid_picker_session',
        `This browser's picker session is not for this gateway's token. ${PICKER_SIGN_IN_HINT}`,
      )
    }
    if (presented === undefined && picker.kind === 'none' && isSessionPath(path))
      throw refusal('missing_gateway_token', `This page needs the gateway token. ${PICKER_SIGN_IN_HINT}`)
    if (presented === undefined) {
      throw refusal(
        'missing_gateway_token',
        `This gateway needs ${where}: send it as \`Authorization: Bearer <token>\`${path.startsWith('/v1/messages') ? ' or `x-api-key`' : ''}.`,
      )
    }
    if (!constantTimeEqual(presented, auth.token))
      throw refusal('invalid_gateway_token', `The token sent is not this gateway's. Use ${where}.`)
    return {}
  }
  if (auth.bearer !== undefined && presented !== undefined && constantTimeEqual(presented, auth.bearer))
    return { identity: 'bearer' }
  if (
    auth.bearer !== undefined &&
    presented === undefined &&
    picker.kind === 'cookie' &&
    (await isSessionFor(picker.value, auth.bearer))
  )
    return { identity: 'bearer' }
  const assertion = req.headers.get('cf-access-jwt-assertion')
  if (auth.access !== undefined && assertion !== null && assertion !== '') {
    const verdict = await verifyAccessJwt(assertion, auth.access)
    if (verdict.ok) return { identity: verdict.identity }
    throw refusal('access_token_rejected', `Refused: ${verdict.reason}.`)
  }
  if (presented !== undefined && auth.bearer !== undefined)
    throw refusal('invalid_gateway_token', "The bearer token sent is not this gateway's.")
  const accepted = [
    auth.access ? 'a Cloudflare Access token (Cf-Access-Jwt-Assertion)' : undefined,
    auth.bearer !== undefined ? 'its bearer token (`Authorization: Bearer`)' : undefined,
  ].filter(Boolean)
  throw refusal('missing_credentials', `This gateway needs ${accepted.join(' or ')}.`)
}

/** `Authorization: Bearer`, and on the Anthropic door also `x-api-key` (what Claude Code and the SDKs send). */
function presentedToken(req: Request, path: string): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1]?.trim()
  if (bearer !== undefined && bearer !== '') return bearer
  const apiKey = path.startsWith('/v1/messages') ? req.headers.get('x-api-key')?.trim() : undefined
  return apiKey === undefined || apiKey === '' ? undefined : apiKey
}

function unconfigured(isDeployed: boolean): GatewayError {
  const message = isDeployed
    ? 'This gateway is deployed without access control, so it serves no one. Set the CODEX_SHIM_ACCESS_TOKEN secret (a bearer token), or CODEX_SHIM_ACCESS_TEAM_DOMAIN and CODEX_SHIM_ACCESS_AUD (Cloudflare Access).'
    : 'This gateway has no access token configured (CODEX_SHIM_ACCESS_TOKEN), so it serves no one.'
  return refusal('gateway_token_unconfigured', message)
}

function refusal(code: string, message: string): GatewayError {
  return new GatewayError(401, code, message)
}
