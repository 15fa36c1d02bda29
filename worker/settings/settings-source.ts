import {
  HOST_SETTINGS_PATH,
  type ResolvedModel,
  SETTINGS_RECONFIRM_MS,
  type SettingsReply,
  type SettingsSnapshot,
  type WatchedFile,
} from '../../shared/host-protocol'
import { formatSettingsError, parseSettingsText } from '../../shared/settings'
import type { Bindings } from '../env'
import { callHost } from '../host/call-host'
import { compareFiles } from './watched-files'

/**
 * The last snapshot the daemon sent, kept for the isolate's life. The snapshot is never mutated, and it is used
 * only while it is current: its files hold the bytes it was built from, or the daemon says its version is
 * current. So an edit to models.json is seen by the next request, while keys cross the HOST binding once per
 * change instead of once per request.
 */
let held: HeldSnapshot | undefined

interface HeldSnapshot {
  version: string
  snapshot: SettingsSnapshot
  /** The files it was built from: while they hold the same bytes, it is current without asking the daemon. */
  files?: readonly WatchedFile[]
  /** When the daemon last said it was current (Date.now()). */
  confirmedAt: number
}

/** The snapshot the isolate holds from the daemon, current or not: what a request may prepare with, never route by. */
export function heldSnapshot(env: Bindings): SettingsSnapshot | undefined {
  return env.HOST === undefined ? undefined : held?.snapshot
}

/**
 * The current settings: from the daemon through HOST (re-read by it when models.json changes), or, when deployed
 * without HOST, from the CODEX_SHIM_SETTINGS secret with keys from the Worker's secrets.
 */
export async function fetchSettingsSnapshot(env: Bindings): Promise<SettingsSnapshot> {
  if (env.HOST) {
    const current = held
    const byFiles = current === undefined ? 'unknown' : await compareByItsFiles(env, current)
    if (current !== undefined && byFiles === 'unchanged') return current.snapshot
    const since = held === undefined ? '' : `?since=${encodeURIComponent(held.version)}`
    // Different bytes in a file: the daemon must read it again, even if its stat did not move.
    const recheck = byFiles === 'changed' ? `${since === '' ? '?' : '&'}recheck` : ''
    const reply = await callHost<SettingsReply>(env.HOST, env, `${HOST_SETTINGS_PATH}${since}${recheck}`)
    if (reply.unchanged === true && held?.version === reply.version) {
      held.confirmedAt = Date.now()
      return held.snapshot
    }
    if (reply.unchanged === true) {
      // The daemon answered for a version we no longer hold (another request replaced it meanwhile): ask in full.
      held = undefined
      return fetchSettingsSnapshot(env)
    }
    held = { version: reply.version, snapshot: reply.snapshot, files: reply.files, confirmedAt: Date.now() }
    return reply.snapshot
  }
  if (env.CODEX_SHIM_SETTINGS === undefined) return { ok: true, models: [], chatgptPassthrough: 'deployed' }
  // Deployed, the secret is read once per isolate: a new secret comes with a new deployment, and new isolates.
  if (fromSecret?.text !== env.CODEX_SHIM_SETTINGS)
    fromSecret = { text: env.CODEX_SHIM_SETTINGS, snapshot: snapshotFromSecret(env.CODEX_SHIM_SETTINGS, env) }
  return fromSecret.snapshot
}

/**
 * Whether the held snapshot is current without asking the daemon (`unchanged`): every file it was built from still
 * holds the same bytes (workerd reads them itself, ~25 µs each, against a round trip to the daemon of ~0.45 ms),
 * and what no file shows was confirmed with the daemon within SETTINGS_RECONFIRM_MS. `changed`: a file holds other
 * bytes; `unknown`: the files could not tell (none sent, too old, a binding missing, a read failed).
 */
async function compareByItsFiles(env: Bindings, current: HeldSnapshot): Promise<'unchanged' | 'changed' | 'unknown'> {
  if (current.files === undefined || Date.now() - current.confirmedAt >= SETTINGS_RECONFIRM_MS) return 'unknown'
  return compareFiles(env, current.files)
}

/** The deployed settings, parsed from the CODEX_SHIM_SETTINGS secret once per isolate. */
let fromSecret: { text: string; snapshot: SettingsSnapshot } | undefined

function snapshotFromSecret(text: string, env: Bindings): SettingsSnapshot {
  const parsed = parseSettingsText(text, 'CODEX_SHIM_SETTINGS')
  if (!parsed.ok) return { ok: false, message: formatSettingsError(parsed.error) }
  const secrets = env as unknown as Record<string, unknown>
  const models = parsed.value.models.map((model): ResolvedModel => {
    if (model.apiKey !== undefined || model.apiKeyEnv === undefined) return model
    const fromSecret = secrets[model.apiKeyEnv]
    return typeof fromSecret === 'string' && fromSecret !== ''
      ? { ...model, apiKey: fromSecret }
      : { ...model, missingApiKeyEnv: model.apiKeyEnv }
  })
  return { ok: true, models, router: parsed.value.router, chatgptPassthrough: 'deployed' }
}
