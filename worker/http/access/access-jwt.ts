import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose'
import type { AccessApplication } from './client-auth'

export type AccessJwtResult = { ok: true; identity: string } | { ok: false; reason: string }

/**
 * One remote key set per team domain for the isolate's life (jose caches the keys, refetches them after 10
 * minutes and once on an unknown `kid`, which is how Access's key rotation is picked up). Creating it per request
 * would fetch the keys on every request (reference: deploy.md §1.4).
 */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()

function keySetFor(application: AccessApplication): ReturnType<typeof createRemoteJWKSet> {
  const key = `${application.teamDomain} ${application.jwksCooldownMs}`
  let keySet = keySets.get(key)
  if (keySet === undefined) {
    keySet = createRemoteJWKSet(new URL(`${application.teamDomain}/cdn-cgi/access/certs`), {
      cooldownDuration: application.jwksCooldownMs,
    })
    keySets.set(key, keySet)
  }
  return keySet
}

/**
 * Verifies `Cf-Access-Jwt-Assertion` the way Cloudflare documents it: RS256 only, `iss` the team domain, `aud`
 * containing the application's AUD tag, `exp` and `nbf` checked, signed by a key from the team's JWKS. The
 * caller is the user's `email`, or for a service token its `common_name` (the client id): service tokens have
 * no email. Reasons name the check that failed, never the token.
 */
export async function verifyAccessJwt(token: string, application: AccessApplication): Promise<AccessJwtResult> {
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, keySetFor(application), {
      algorithms: ['RS256'],
      issuer: application.teamDomain,
      audience: application.audiences,
    }))
  } catch (error) {
    return { ok: false, reason: reasonFor(error) }
  }
  const identity =
    typeof payload.email === 'string' && payload.email !== ''
      ? payload.email
      : typeof payload.common_name === 'string'
        ? payload.common_name
        : ''
  if (identity === '')
    return { ok: false, reason: 'the Cloudflare Access token names no user (no email or common_name)' }
  return { ok: true, identity }
}

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the Cloudflare Access token has expired'
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the Cloudflare Access token is not valid yet (nbf)'
    if (error.claim === 'aud')
      return "the Cloudflare Access token is for another application (aud does not contain this gateway's AUD tag)"
    if (error.claim === 'iss') return 'the Cloudflare Access token was issued by another team (iss)'
    return `the Cloudflare Access token failed its ${error.claim} check`
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the Cloudflare Access token is not signed with RS256'
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the Cloudflare Access token has a bad signature'
  if (error instanceof errors.JWKSNoMatchingKey)
    return "the Cloudflare Access token's signing key is not in the team's key set"
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return "the team's signing keys could not be fetched"
  if (error instanceof errors.JOSEError) return 'the Cloudflare Access token is malformed'
  return "the Cloudflare Access token could not be checked (the team's signing keys could not be fetched)"
}
