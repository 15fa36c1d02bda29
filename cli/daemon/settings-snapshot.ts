import type { ChatgptPassthroughState, ResolvedModel, SettingsSnapshot } from '../../shared/host-protocol'
import { formatSettingsError, type Settings, type SettingsError } from '../../shared/settings'
import type { Result } from '../../shared/result'

/** Fills each model's key from `api_key`, else from the daemon's environment through `api_key_env`. */
export function resolveModelKeys(settings: Settings, env: NodeJS.ProcessEnv): ResolvedModel[] {
  return settings.models.map((model) => {
    if (model.apiKey !== undefined || model.apiKeyEnv === undefined) return model
    const fromEnv = env[model.apiKeyEnv]
    return fromEnv !== undefined && fromEnv !== ''
      ? { ...model, apiKey: fromEnv }
      : { ...model, missingApiKeyEnv: model.apiKeyEnv }
  })
}

export function buildSettingsSnapshot(
  settings: Result<Settings, SettingsError>,
  chatgptPassthrough: ChatgptPassthroughState,
  env: NodeJS.ProcessEnv,
): SettingsSnapshot {
  if (!settings.ok) return { ok: false, message: formatSettingsError(settings.error) }
  return { ok: true, models: resolveModelKeys(settings.value, env), router: settings.value.router, chatgptPassthrough }
}
