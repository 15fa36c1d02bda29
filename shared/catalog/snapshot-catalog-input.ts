import type { SettingsSnapshot } from '../host-protocol'
import { activeRouter, isRouterDisabled, routerCatalogInfo } from '../router/router-candidates'
import type { CatalogInput } from './build-catalog'

/**
 * What the gateway serves now, from the daemon's settings snapshot: the configured models, the passthrough while
 * logged in, the auto router while enabled (and not switched off by CODEX_SHIM_DISABLE_ROUTER), and Cursor's
 * models while cursor-agent is available. The worker's catalog and the picker's switch both start here, so a
 * switch never writes a catalog that lacks what `/v1/models` lists.
 */
export function catalogInputOfSnapshot(
  settings: SettingsSnapshot & { ok: true },
  env: { CODEX_SHIM_DISABLE_ROUTER?: string },
): CatalogInput {
  const router = routerCatalogInfo(
    activeRouter(settings.router, settings.models, isRouterDisabled(env.CODEX_SHIM_DISABLE_ROUTER)),
  )
  const cursorModels = settings.cursor?.state === 'available' ? settings.cursor.models : undefined
  return {
    models: settings.models,
    isChatgptPassthroughAvailable: settings.chatgptPassthrough === 'available',
    ...(router ? { router } : {}),
    ...(cursorModels ? { cursorModels } : {}),
  }
}
