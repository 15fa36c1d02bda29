import { HOST_ORIGIN, HOST_SETTINGS_PATH, type ResolvedModel, type SettingsSnapshot } from '../../shared/host-protocol'
import { formatSettingsError, parseSettingsText } from '../../shared/settings'
import type { Bindings } from '../env'
import { GatewayError } from '../http/gateway-error'

/**
 * The current settings: from the daemon through HOST (re-read by it when models.json changes), or, when deployed
 * without HOST, from the CODEX_SHIM_SETTINGS secret with keys from the Worker's secrets.
 */
export async function fetchSettingsSnapshot(env: Bindings): Promise<SettingsSnapshot> {
  if (env.HOST) {
    const response = await env.HOST.fetch(`${HOST_ORIGIN}${HOST_SETTINGS_PATH}`)
    if (!response.ok) {
      throw new GatewayError(502, 'host_unavailable', `The daemon could not provide settings (HTTP ${response.status}).`)
    }
    return (await response.json()) as SettingsSnapshot
  }
  if (env.CODEX_SHIM_SETTINGS !== undefined) return snapshotFromSecret(env.CODEX_SHIM_SETTINGS, env)
  return { ok: true, models: [], chatgptPassthrough: 'disabled' }
}

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
  return { ok: true, models, router: parsed.value.router, chatgptPassthrough: 'disabled' }
}
