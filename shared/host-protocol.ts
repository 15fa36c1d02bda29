import type { ModelConfig, RouterConfig } from './settings'

/**
 * The worker reaches the machine only through the HOST service binding (ARCHITECTURE.md). The binding ignores
 * the origin; the path picks the endpoint.
 */
export const HOST_ORIGIN = 'http://host'
export const HOST_SETTINGS_PATH = '/settings'
/** The ChatGPT login from auth.json, read when asked: only the passthrough route calls it. */
export const HOST_CHATGPT_AUTH_PATH = '/chatgpt-auth'

export type ChatgptAuth = { ok: true; accessToken: string; accountId?: string } | { ok: false; state: 'logged_out' | 'disabled' }

export type ChatgptPassthroughState = 'available' | 'logged_out' | 'disabled'

/** A configured model as the worker needs it: the key resolved from `api_key` or `api_key_env`. */
export interface ResolvedModel extends ModelConfig {
  /** Set when `api_key_env` names a variable the daemon does not have; requests then fail with this name. */
  missingApiKeyEnv?: string
}

export type SettingsSnapshot =
  | {
      ok: true
      models: ResolvedModel[]
      router?: RouterConfig
      /** `logged_out`: no `tokens.access_token` in auth.json; `disabled`: CODEX_SHIM_DISABLE_CHATGPT is set. */
      chatgptPassthrough: ChatgptPassthroughState
      /** Codex's own gpt-5.5 catalog entry, saved by the CLI from the installed Codex (no secrets in it). */
      passthroughEntry?: Record<string, unknown>
    }
  | {
      ok: false
      /** Already formatted for people: names the file and the JSON path. Never contains a key. */
      message: string
    }
