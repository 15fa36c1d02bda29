import type { Bindings } from '../../env'

/** A Cloudflare Access application the deployed gateway trusts tokens from. */
export interface AccessApplication {
  /** `https://<team>.cloudflareaccess.com`: the tokens' `iss`, and where the signing keys are published. */
  teamDomain: string
  /** The application's AUD tag(s): a token's `aud` must contain one. */
  audiences: string[]
  /** How soon an unknown signing key may trigger another JWKS fetch (rotation), in milliseconds. */
  jwksCooldownMs: number
}

/** Who may use the gateway, decided once per request from the bindings. */
export type ClientAuth =
  /** The local daemon: the per-install token. */
  | { kind: 'token'; token: string; tokenFile?: string }
  /** The local daemon with CODEX_SHIM_AUTH=off: the user chose to let every local process in. */
  | { kind: 'off' }
  /** A deployed Worker (no HOST): a Cloudflare Access token or the bearer secret, whichever is configured. */
  | { kind: 'deployed'; bearer?: string; access?: AccessApplication }
  /** Nothing configured: a gateway that would otherwise serve everyone serves no one. */
  | { kind: 'unconfigured'; isDeployed: boolean }

type AuthBindings = Pick<
  Bindings,
  | 'HOST'
  | 'CODEX_SHIM_ACCESS_TOKEN'
  | 'CODEX_SHIM_TOKEN_FILE'
  | 'CODEX_SHIM_AUTH'
  | 'CODEX_SHIM_ACCESS_TEAM_DOMAIN'
  | 'CODEX_SHIM_ACCESS_AUD'
  | 'CODEX_SHIM_ACCESS_JWKS_COOLDOWN_MS'
>

const DEFAULT_JWKS_COOLDOWN_MS = 30_000

export function clientAuthFrom(env: AuthBindings): ClientAuth {
  const token = env.CODEX_SHIM_ACCESS_TOKEN?.trim() ?? ''
  if (env.HOST !== undefined) {
    if (token !== '') return { kind: 'token', token, tokenFile: env.CODEX_SHIM_TOKEN_FILE }
    return env.CODEX_SHIM_AUTH?.trim().toLowerCase() === 'off'
      ? { kind: 'off' }
      : { kind: 'unconfigured', isDeployed: false }
  }
  // Deployed, CODEX_SHIM_AUTH=off is ignored: a gateway on the internet is never open.
  const access = accessApplicationFrom(env)
  if (token === '' && access === undefined) return { kind: 'unconfigured', isDeployed: true }
  return { kind: 'deployed', ...(token === '' ? {} : { bearer: token }), ...(access ? { access } : {}) }
}

function accessApplicationFrom(env: AuthBindings): AccessApplication | undefined {
  const rawDomain = env.CODEX_SHIM_ACCESS_TEAM_DOMAIN?.trim() ?? ''
  const audiences = (env.CODEX_SHIM_ACCESS_AUD ?? '')
    .split(',')
    .map((aud) => aud.trim())
    .filter(Boolean)
  if (rawDomain === '' || audiences.length === 0) return undefined
  // "team.cloudflareaccess.com" or "https://team.cloudflareaccess.com/": the issuer is the origin, exactly.
  const teamDomain = (/^[a-z]+:\/\//i.test(rawDomain) ? rawDomain : `https://${rawDomain}`).replace(/\/+$/, '')
  const cooldown = Number(env.CODEX_SHIM_ACCESS_JWKS_COOLDOWN_MS)
  return {
    teamDomain,
    audiences,
    jwksCooldownMs: Number.isFinite(cooldown) && cooldown >= 0 ? cooldown : DEFAULT_JWKS_COOLDOWN_MS,
  }
}
