import type { CatalogInput } from '../shared/catalog'
import { activeRouter, isRouterDisabled, routerCatalogInfo } from '../shared/router/router-candidates'
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
  const { isPassthroughAvailable, passthroughEntry } = passthrough
  const router = routerCatalogInfo(
    activeRouter(settings.router, settings.models, isRouterDisabled(process.env.CODEX_SHIM_DISABLE_ROUTER)),
  )
  async function passthroughOffer() {
    const isPassthroughAvailable = (await chatgptPassthroughState(codexHome())) === 'available'
    return {
      isPassthroughAvailable,
      passthroughEntry: isPassthroughAvailable ? await codexPassthroughEntry(runtimeHome(), process.env) : undefined,
    }
  }
  return {
    settings,
    settingsPath: location.path,
    source,
    input: {
      models: settings.models,
      isChatgptPassthroughAvailable: isPassthroughAvailable,
      passthroughEntry,
      ...(router ? { router } : {}),
      ...(cursor.state === 'available' ? { cursorModels: cursorModelsOf(settings) } : {}),
    },
  }
}
