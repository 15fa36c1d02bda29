import type { Bindings } from '../env'
import { constantTimeEqual } from '../http/constant-time-equal'
import { hmacBase64Url, randomBase64Url } from './hmac-base64url'

export const CSRF_HEADER = 'x-codex-shim-csrf'

/**
 * The key CSRF tokens are signed with: the gateway token (so an open page keeps working across daemon restarts),
 * else the daemon's per-run HOST secret (CODEX_SHIM_AUTH=off). A deployment with neither has no HOST, so nothing
 * on /api/* can change state there.
 */
export function csrfKeyOf(
  env: Pick<Bindings, 'CODEX_SHIM_ACCESS_TOKEN' | 'CODEX_SHIM_HOST_SECRET'>,
): string | undefined {
  const key = env.CODEX_SHIM_ACCESS_TOKEN?.trim() || env.CODEX_SHIM_HOST_SECRET?.trim()
  return key === '' ? undefined : key
}

/** A fresh token for each page served: a random nonce and its HMAC, so nothing needs to be remembered. */
export async function issueCsrfToken(key: string): Promise<string> {
  const nonce = randomBase64Url(18)
  return `${nonce}.${await macOf(key, nonce)}`
}

/** Whether `presented` is a token `issueCsrfToken(key)` made; the MAC is compared in constant time. */
export async function isValidCsrfToken(presented: string | null, key: string): Promise<boolean> {
  const [nonce, mac, extra] = (presented ?? '').split('.')
  if (nonce === undefined || nonce === '' || mac === undefined || extra !== undefined) return false
  return constantTimeEqual(mac, await macOf(key, nonce))
}

function macOf(key: string, nonce: string): Promise<string> {
  return hmacBase64Url(key, `codex-shim picker csrf v1:${nonce}`)
}
