import { LOOPBACK_HOSTS } from '../../shared/constants'
import type { Bindings } from '../env'

export interface AccessPolicy {
  allowedHosts: ReadonlySet<string>
  /** Deployed gateways require this bearer token on every request. */
  accessToken?: string
}

const WILDCARD_BIND_HOSTS = new Set(['', '0.0.0.0', '::', '[::]'])

/** Loopback names, the bind address (unless a wildcard) and `CODEX_SHIM_ALLOWED_HOSTS`. */
export function accessPolicyFrom(env: Pick<Bindings, 'CODEX_SHIM_BIND_HOST' | 'CODEX_SHIM_ALLOWED_HOSTS' | 'CODEX_SHIM_ACCESS_TOKEN'>): AccessPolicy {
  const allowedHosts = new Set<string>(LOOPBACK_HOSTS)
  const bindHost = (env.CODEX_SHIM_BIND_HOST ?? '').trim().toLowerCase()
  if (!WILDCARD_BIND_HOSTS.has(bindHost)) allowedHosts.add(bindHost.replace(/^\[|\]$/g, ''))
  for (const entry of (env.CODEX_SHIM_ALLOWED_HOSTS ?? '').split(',')) {
    const host = entry.trim().toLowerCase()
    if (host !== '') allowedHosts.add(host)
  }
  const accessToken = env.CODEX_SHIM_ACCESS_TOKEN?.trim()
  return { allowedHosts, accessToken: accessToken === '' ? undefined : accessToken }
}
