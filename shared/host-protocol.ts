import type { CursorModel, CursorState } from './cursor-protocol'
import type { CursorConfig, ModelConfig, RouterConfig } from './settings'

/**
 * The worker reaches the machine only through the HOST service binding (ARCHITECTURE.md), and reads the files its
 * settings come from through a read-only disk binding (WatchedFile). HOST ignores the origin; the path picks the
 * endpoint. The daemon serves it on a socket another local process may reach (host-server.ts), so every call
 * carries the per-run secret the daemon gave the worker as a binding.
 */
export const HOST_ORIGIN = 'http://host'
/** The Host header of every legitimate HOST call (the origin above); anything else is not the worker. */
export const HOST_HOST_HEADER = 'host'
export const HOST_SECRET_HEADER = 'x-codex-shim-host-secret'
/**
 * `?since=<version>`: answered with `{ unchanged: true }` while the settings have that version. `&recheck`: the
 * worker found different bytes in one of the snapshot's files, so the daemon reads them again whatever their stat.
 */
export const HOST_SETTINGS_PATH = '/settings'
/** Codex's own gpt-5.5 catalog entry (large: its full prompt); only the catalog routes ask for it. */
export const HOST_PASSTHROUGH_ENTRY_PATH = '/passthrough-entry'
/** POST one auto-router decision (a JSON line, no prompt text) to `~/.codex-shim/logs/router.jsonl`. */
export const HOST_ROUTER_LOG_PATH = '/router-log'
/** The ChatGPT login from auth.json, read when asked: only the passthrough route calls it. */
export const HOST_CHATGPT_AUTH_PATH = '/chatgpt-auth'

export type ChatgptAuth =
  | { ok: true; accessToken: string; accountId?: string }
  | { ok: false; state: 'logged_out' | 'disabled' }

/** `deployed`: a shared Worker has no machine, so no personal ChatGPT login to serve the passthrough with. */
export type ChatgptPassthroughState = 'available' | 'logged_out' | 'disabled' | 'deployed'

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
      /**
       * The model the managed block in Codex's config.toml selects, when it is installed: the model of a Responses
       * request that names none (Codex Desktop omits it on some follow-ups, openai/codex#41095).
       */
      managedModel?: string
      /** Composer through cursor-agent: its availability and the models it offers. */
      cursor?: { state: CursorState; models: CursorModel[]; mode: CursorConfig['mode'] }
    }
  | {
      ok: false
      /** Already formatted for people: names the file and the JSON path. Never contains a key. */
      message: string
    }

/**
 * What `GET /settings` answers: the snapshot with the version it belongs to, or, when the worker already holds
 * that version, only the version, so resolved keys cross the binding once per change, not once per request.
 */
export type SettingsReply =
  | { version: string; unchanged: true }
  | { version: string; unchanged?: false; snapshot: SettingsSnapshot; files?: WatchedFile[] }

/**
 * The read-only disk binding through which the worker reads the files a snapshot was built from: a directory of
 * links to exactly those files (cli/daemon/watched-links.ts).
 */
export type WatchedFileBinding = 'WATCHED_FILES'

/**
 * A file a snapshot was built from: while each still holds the bytes the daemon read, the snapshot is current,
 * and the worker can tell that by reading the file itself instead of asking the daemon. Sent only when files are
 * all the snapshot depends on (not while zero-config serves local servers); a worker without the binding
 * (Windows, links that could not be made) asks the daemon instead.
 */
export interface WatchedFile {
  binding: WatchedFileBinding
  /** The link's name inside the binding's directory. */
  name: string
  /** SHA-256, hex, of the bytes the daemon read; null when the file did not exist. */
  sha256: string | null
}

/**
 * Part of a snapshot no file shows (whether cursor-agent can serve, which the daemon probes at most every 30 s):
 * a snapshot confirmed by its files alone is confirmed with the daemon again once it is this old.
 */
export const SETTINGS_RECONFIRM_MS = 30_000

export interface PassthroughEntryReply {
  /** Codex's own gpt-5.5 catalog entry, saved by the CLI from the installed Codex (no secrets in it). */
  entry?: Record<string, unknown>
}

/** The picker's switch: `POST` a PickerSwitchRequest; the same edit as `codex-shim model use`, then a Desktop restart if asked. */
export const HOST_PICKER_SWITCH_PATH = '/picker/switch'

export interface PickerSwitchRequest {
  slug: string
  restartCodex: boolean
  /** The gateway's port as the browser reached it: the managed block's base_url (the worker knows it, HOST does not). */
  port: number
}

/** What a Desktop restart came to; `message` is for people. */
export type DesktopRestartOutcome = {
  kind: 'not_requested' | 'restarted' | 'not_running' | 'unsupported' | 'failed'
  message: string
}

export type PickerSwitchReply =
  | {
      ok: true
      active: { slug: string; displayName: string }
      /** The provider name the block now gives Codex (shown by Codex next to the model). */
      providerName: string
      configPath: string
      isChanged: boolean
      restart: DesktopRestartOutcome
    }
  | { ok: false; status: 400 | 404 | 409 | 500; code: string; message: string }
