import type { CursorModel, CursorState } from '../cursor-protocol'
import type { ChatgptPassthroughState } from '../host-protocol'
import type { ModelConfig, RouterConfig } from '../settings'
import { activeRouter, isRouterDisabled, routerCatalogInfo } from '../router/router-candidates'
import type { CatalogInput } from './build-catalog'

/** What decides the catalog: the daemon's settings snapshot has these fields, and the CLI gathers the same. */
export interface ServedSettings {
  models: readonly ModelConfig[]
  router?: RouterConfig
  chatgptPassthrough: ChatgptPassthroughState
  cursor?: { state: CursorState; models: readonly CursorModel[] }
}

/**
 * What the gateway serves now, from the daemon's settings snapshot (or what the CLI read itself): the configured models, the passthrough while
 * logged in, the auto router while enabled (and not switched off by CODEX_SHIM_DISABLE_ROUTER), and Cursor's
 * models while cursor-agent is available. The worker's catalog, the picker's switch and the CLI's commands all
 * start here, so none of them writes a catalog that lacks what `/v1/models` lists.
 */
export function catalogInputOfSnapshot(
  settings: ServedSettings,
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
