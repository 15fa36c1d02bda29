import { LOOPBACK_HOSTS } from '../../shared/constants'
import type { Bindings } from '../env'
import { hostNameOf } from './host-name'

export interface AccessPolicy {
  allowedHosts: ReadonlySet<string>
}

const WILDCARD_BIND_HOSTS = new Set(['', '0.0.0.0', '::', '[::]'])

/**
 * Loopback names, the bind address (unless a wildcard) and `CODEX_SHIM_ALLOWED_HOSTS`. Deployed (no HOST), the
 * name the request was routed to is allowed too: DNS rebinding is a loopback threat, and a deployment whose
 * allow-list was forgotten must not lock everyone out (deploy.md §3.4).
 */
export function accessPolicyFrom(
  env: Pick<Bindings, 'HOST' | 'CODEX_SHIM_BIND_HOST' | 'CODEX_SHIM_ALLOWED_HOSTS'>,
  requestUrl?: string,
): AccessPolicy {
  const allowedHosts = new Set<string>(LOOPBACK_HOSTS)
  const bindHost = (env.CODEX_SHIM_BIND_HOST ?? '').trim().toLowerCase()
  if (!WILDCARD_BIND_HOSTS.has(bindHost)) allowedHosts.add(bindHost.replace(/^\[|\]$/g, ''))
  for (const entry of (env.CODEX_SHIM_ALLOWED_HOSTS ?? '').split(',')) {
    const host = entry.trim().toLowerCase()
    if (host !== '') allowedHosts.add(host)
  }
  if (env.HOST === undefined && requestUrl !== undefined) allowedHosts.add(hostNameOf(new URL(requestUrl).host))
  return { allowedHosts }
}
