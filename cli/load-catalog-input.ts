import type { CatalogInput } from '../shared/catalog'
import { catalogInputOfSnapshot } from '../shared/catalog/snapshot-catalog-input'
import type { Settings } from '../shared/settings'
import { cursorModelsOf } from '../shared/settings/cursor-schema'
import { chatgptPassthroughState } from './chatgpt-auth'
import { currentCursorStatus } from './cursor/cursor-status-file'
import { codexPassthroughEntry } from './codex/codex-passthrough-entry'
import { codexHome, runtimeHome, settingsLocation } from './paths'
import { loadSettingsOrLocalServers, type ModelsSource } from './discovery/zero-config'

/**
 * Settings plus passthrough availability: what `generate`, `list` and `start` show or write. While there is no
 * models.json, the settings are the local servers' models (zero-config), and `source` says so.
 */
export async function loadCatalogInput(
  settingsFlag: string | undefined,
): Promise<{ settings: Settings; input: CatalogInput; settingsPath: string; source: ModelsSource }> {
  const location = settingsLocation(settingsFlag)
  const { settings, source } = await loadSettingsOrLocalServers(location, process.env)
  // Cursor's probe can take a second or two when the last one is stale: it runs beside the passthrough's.
  const [cursor, passthrough] = await Promise.all([currentCursorStatus(runtimeHome(), process.env), passthroughOffer()])
  async function passthroughOffer() {
    const state = await chatgptPassthroughState(codexHome())
    return {
      state,
      passthroughEntry: state === 'available' ? await codexPassthroughEntry(runtimeHome(), process.env) : undefined,
    }
  }
  const served = catalogInputOfSnapshot(
    {
      models: settings.models,
      router: settings.router,
      chatgptPassthrough: passthrough.state,
      cursor: { state: cursor.state, models: cursorModelsOf(settings) },
    },
    process.env,
  )
  return {
    settings,
    settingsPath: location.path,
    source,
    input: { ...served, passthroughEntry: passthrough.passthroughEntry },
  }
}
