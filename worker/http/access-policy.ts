import { LOOPBACK_HOSTS } from '../../shared/constants'
import type { Bindings } from '../env'

/** Who may use the gateway: a token every client presents, or (the user's explicit choice) anyone. */
export type ClientAuth =
  | { kind: 'token'; token: string; tokenFile?: string }
  | { kind: 'off' }
  /** Neither a token nor an explicit `off`: a misconfigured gateway serves nobody rather than everybody. */
  | { kind: 'unconfigured' }

export interface AccessPolicy {
  allowedHosts: ReadonlySet<string>
  auth: ClientAuth
}

const WILDCARD_BIND_HOSTS = new Set(['', '0.0.0.0', '::', '[::]'])

type PolicyBindings = Pick<Bindings, 'CODEX_SHIM_BIND_HOST' | 'CODEX_SHIM_ALLOWED_HOSTS' | 'CODEX_SHIM_ACCESS_TOKEN' | 'CODEX_SHIM_TOKEN_FILE' | 'CODEX_SHIM_AUTH'>

/** Loopback names, the bind address (unless a wildcard) and `CODEX_SHIM_ALLOWED_HOSTS`; the client token. */
export function accessPolicyFrom(env: PolicyBindings): AccessPolicy {
  const allowedHosts = new Set<string>(LOOPBACK_HOSTS)
  const bindHost = (env.CODEX_SHIM_BIND_HOST ?? '').trim().toLowerCase()
  if (!WILDCARD_BIND_HOSTS.has(bindHost)) allowedHosts.add(bindHost.replace(/^\[|\]$/g, ''))
  for (const entry of (env.CODEX_SHIM_ALLOWED_HOSTS ?? '').split(',')) {
    const host = entry.trim().toLowerCase()
    if (host !== '') allowedHosts.add(host)
  }
  return { allowedHosts, auth: clientAuthFrom(env) }
}

function clientAuthFrom(env: PolicyBindings): ClientAuth {
  const token = env.CODEX_SHIM_ACCESS_TOKEN?.trim() ?? ''
  if (token !== '') return { kind: 'token', token, tokenFile: env.CODEX_SHIM_TOKEN_FILE }
  return env.CODEX_SHIM_AUTH?.trim().toLowerCase() === 'off' ? { kind: 'off' } : { kind: 'unconfigured' }
}
