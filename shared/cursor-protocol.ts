/**
 * Composer through HOST: the worker posts one Codex turn, the daemon runs `cursor-agent` for it and streams its
 * stream-json lines back (application/x-ndjson), then one line of its own saying how the run ended.
 */
export const HOST_CURSOR_TURN_PATH = '/cursor/turn'

/** `available`: installed and logged in; the rest say why Composer is not offered. */
export type CursorState = 'available' | 'logged_out' | 'not_installed' | 'disabled'

/** A Cursor model Codex can pick: our slug, Cursor's id, the name Codex shows. */
export interface CursorModel {
  slug: string
  id: string
  displayName: string
}

/** Offered while cursor-agent is available; a `cursor` block in models.json may rename or extend them. */
export const DEFAULT_CURSOR_MODELS: readonly CursorModel[] = [
  { slug: 'composer-2-5', id: 'composer-2.5', displayName: 'Composer 2.5' },
  { slug: 'composer-2-5-fast', id: 'composer-2.5-fast', displayName: 'Composer 2.5 Fast' },
]

/** What the worker asks the daemon to run: one Codex turn as one cursor-agent run. */
export interface CursorTurnRequest {
  /** Cursor's model id, e.g. `composer-2.5`. */
  model: string
  /** Codex's working directory (from its environment context); checked by the daemon before use. */
  workspace?: string
  /** `ask`: Cursor may read, never write (Codex's read-only sandbox); `agent`: it runs its tools (`--force`). */
  mode: 'ask' | 'agent'
  /** Codex's thread, so later turns resume the same Cursor chat. */
  thread?: string
  /** Only the new user input, for a resumed chat. */
  input: string
  /** The whole conversation flattened, for a new chat (or one Cursor has garbage-collected). */
  transcript: string
}

/** The daemon's last line of a run, after cursor-agent's own: how it ended, for the worker to classify. */
export interface CursorExitLine {
  type: 'codex_shim_exit'
  code: number | null
  signal: string | null
  /** The tail of stderr (Cursor's error texts). */
  stderr: string
  /** Why the daemon ended it, when it did. */
  reason?: 'turn_timeout' | 'idle_timeout' | 'after_result'
}

export function isCursorTurnRequest(value: unknown): value is CursorTurnRequest {
  const request = value as Partial<CursorTurnRequest> | null
  return (
    typeof request?.model === 'string' &&
    (request.mode === 'ask' || request.mode === 'agent') &&
    typeof request.input === 'string' &&
    typeof request.transcript === 'string'
  )
}
