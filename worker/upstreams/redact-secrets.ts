import type { ResolvedModel } from '../../shared/host-protocol'

/** Shorter values are left alone: redacting "on" or "1" would shred messages and hide nothing. */
const MIN_SECRET_LENGTH = 6
/** Key-shaped words upstreams echo in part (`sk-abc***wxyz`), which no exact match catches. */
const KEY_LIKE = /\b(sk|pk|rk|key)-[A-Za-z0-9_*.-]{6,}/g
/** `Bearer abc`, `Basic abc`, `Token abc`: the credential is the part after the scheme, and may be echoed alone. */
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Key|Api-?Key)\s+(\S+)$/i

/**
 * Upstreams echo keys in auth errors (whole or in part). Every value the gateway knows to be secret, and anything
 * shaped like a key, is replaced before a message reaches a client or the log.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join('[redacted]')
  return result.replace(KEY_LIKE, '$1-[redacted]')
}

/**
 * What a model's settings hold that must never be shown: its key and every `extra_headers` value (Azure's
 * `api-key`, `x-goog-api-key`, an `Authorization` header), since any of them may be a credential.
 */
export function secretsOfModel(model: ResolvedModel): string[] {
  const secrets = model.apiKey === undefined ? [] : [model.apiKey]
  for (const value of Object.values(model.extraHeaders)) secrets.push(...secretsOfHeaderValue(value))
  return secrets
}

export function secretsOfHeaderValue(value: string): string[] {
  const credential = AUTH_SCHEME.exec(value.trim())?.[1]
  return credential === undefined ? [value] : [value, credential]
}
