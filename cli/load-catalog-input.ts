import type { CatalogInput } from '../shared/catalog'
import type { Settings } from '../shared/settings'
import { chatgptPassthroughState } from './chatgpt-auth'
import { codexPassthroughEntry } from './codex/codex-passthrough-entry'
import { codexHome, runtimeHome, settingsLocation } from './paths'
import { loadSettingsOrThrow } from './settings-file'

/** Settings plus passthrough availability: what `generate`, `list` and `start` show or write. */
export async function loadCatalogInput(settingsFlag: string | undefined): Promise<{ settings: Settings; input: CatalogInput; settingsPath: string }> {
  const location = settingsLocation(settingsFlag)
  const settings = await loadSettingsOrThrow(location)
  const isPassthroughAvailable = (await chatgptPassthroughState(codexHome())) === 'available'
  const passthroughEntry = isPassthroughAvailable ? await codexPassthroughEntry(runtimeHome(), process.env) : undefined
  return {
    settings,
    settingsPath: location.path,
    input: { models: settings.models, isChatgptPassthroughAvailable: isPassthroughAvailable, passthroughEntry },
  }
}
