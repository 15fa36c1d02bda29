import {
  HOST_SETTINGS_PATH,
  type ResolvedModel,
  type SettingsReply,
  type SettingsSnapshot,
} from '../../shared/host-protocol'
import { formatSettingsError, parseSettingsText } from '../../shared/settings'
import type { Bindings } from '../env'
import { callHost } from '../host/call-host'

/**
 * The last snapshot the daemon sent, kept for the isolate's life. It is never mutated, and it is used only while
 * the daemon says its version is current, so an edit to models.json is seen by the next request while keys
 * cross the HOST binding once per change instead of once per request.
 */
let held: { version: string; snapshot: SettingsSnapshot } | undefined

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
    const since = held === undefined ? '' : `?since=${encodeURIComponent(held.version)}`
    const reply = await callHost<SettingsReply>(env.HOST, env, `${HOST_SETTINGS_PATH}${since}`)
    if (reply.unchanged === true && held?.version === reply.version) return held.snapshot
    if (reply.unchanged === true) {
      // The daemon answered for a version we no longer hold (another request replaced it meanwhile): ask in full.
      held = undefined
      return fetchSettingsSnapshot(env)
    }
    held = { version: reply.version, snapshot: reply.snapshot }
    return reply.snapshot
  }
  if (env.CODEX_SHIM_SETTINGS === undefined) return { ok: true, models: [], chatgptPassthrough: 'deployed' }
  // Deployed, the secret is read once per isolate: a new secret comes with a new deployment, and new isolates.
  if (fromSecret?.text !== env.CODEX_SHIM_SETTINGS)
    fromSecret = { text: env.CODEX_SHIM_SETTINGS, snapshot: snapshotFromSecret(env.CODEX_SHIM_SETTINGS, env) }
  return fromSecret.snapshot
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
