import type { CatalogInput } from '../shared/catalog'
import type { Settings } from '../shared/settings'
import { chatgptPassthroughState } from './chatgpt-auth'
import { codexHome, settingsLocation } from './paths'
import { loadSettingsOrThrow } from './settings-file'

/** Settings plus passthrough availability: what `generate`, `list` and `start` show or write. */
export async function loadCatalogInput(settingsFlag: string | undefined): Promise<{ settings: Settings; input: CatalogInput; settingsPath: string }> {
  const location = settingsLocation(settingsFlag)
  const settings = await loadSettingsOrThrow(location)
  const passthrough = await chatgptPassthroughState(codexHome())
  return {
    settings,
    settingsPath: location.path,
    input: { models: settings.models, isChatgptPassthroughAvailable: passthrough === 'available' },
  }
}
