import type { SettingsSnapshot } from '../shared/host-protocol'
import type { PrebuiltPlan } from './routing/prebuilt-plan'
import type { RequestSummary } from './http/request-summary'

export interface Bindings {
  /** Router decision cache. */
  ROUTER_CACHE: KVNamespace
  /** The daemon's door to the machine; absent when deployed as a Cloudflare Worker. */
  HOST?: Fetcher
  /** Read-only disk binding of a directory of links to the settings files (run-gateway.ts); local only. */
  WATCHED_FILES?: Fetcher
  /** The address the daemon bound, allowed as a Host header unless it is a wildcard. */
  CODEX_SHIM_BIND_HOST?: string
  /** Comma-separated extra Host names to accept (for a deliberate non-loopback bind or a deployment). */
  CODEX_SHIM_ALLOWED_HOSTS?: string
  /** Deployed mode: models.json text, kept as a secret. */
  CODEX_SHIM_SETTINGS?: string
  /**
   * The token every request but `/health` must carry (`Authorization: Bearer`, or `x-api-key` on `/v1/messages`):
   * the per-install token locally, a secret when deployed. Without it the gateway refuses everything.
   */
  CODEX_SHIM_ACCESS_TOKEN?: string
  /** Where the daemon keeps the token, named in the 401 so the user knows where to look (never the token). */
  CODEX_SHIM_TOKEN_FILE?: string
  /** `off`: no token is asked (the user chose it; the daemon warned that any local process may then use it). */
  CODEX_SHIM_AUTH?: string
  /** Deployed behind Cloudflare Access: the team domain (`https://<team>.cloudflareaccess.com`), the tokens' issuer. */
  CODEX_SHIM_ACCESS_TEAM_DOMAIN?: string
  /** Deployed behind Cloudflare Access: the application's AUD tag (several comma-separated). */
  CODEX_SHIM_ACCESS_AUD?: string
  /** How soon an unknown Access signing key may trigger another key fetch (default 30000 ms, as jose's). */
  CODEX_SHIM_ACCESS_JWKS_COOLDOWN_MS?: string
  /** Longest wait for upstream headers and longest upstream silence mid-stream (default 300000). */
  CODEX_SHIM_UPSTREAM_TIMEOUT_MS?: string
  /** How long a streaming request waits for upstream headers before the SSE stream starts (default 1500). */
  CODEX_SHIM_HEADER_GRACE_MS?: string
  /** The ChatGPT Codex backend (default https://chatgpt.com/backend-api/codex); tests point it at a mock. */
  CODEX_SHIM_CHATGPT_BASE_URL?: string
  /** The daemon's per-run secret; every HOST call carries it, since HOST's loopback port is open to the machine. */
  CODEX_SHIM_HOST_SECRET?: string
  /** `1` hides the auto router and serves nothing through it. */
  CODEX_SHIM_DISABLE_ROUTER?: string
  /** Identifies one daemon run, so `codex-shim start` knows the answering gateway is the one it spawned. */
  CODEX_SHIM_INSTANCE?: string
}

export interface Variables {
  settings: SettingsSnapshot & { ok: true }
  summary: RequestSummary
  /** The parsed JSON body and its bytes, on routes that read it with their settings (loadSettingsWithBody). */
  requestBody: { value: Record<string, unknown>; bytes: Uint8Array }
  /** Codex's turn translated while its settings were being confirmed (routing/prebuilt-plan.ts). */
  prebuiltPlan?: PrebuiltPlan
}

export interface AppEnv {
  Bindings: Bindings
  Variables: Variables
}
