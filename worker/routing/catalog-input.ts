import type { CatalogInput } from '../../shared/catalog'
import {
  HOST_PASSTHROUGH_ENTRY_PATH,
  type PassthroughEntryReply,
  type SettingsSnapshot,
} from '../../shared/host-protocol'
import { activeRouter, isRouterDisabled, routerCatalogInfo } from '../../shared/router/router-candidates'
import type { Bindings } from '../env'
import { callHost } from '../host/call-host'

export function catalogInputOf(
  settings: SettingsSnapshot & { ok: true },
  env: Pick<Bindings, 'CODEX_SHIM_DISABLE_ROUTER'>,
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

/** The catalog as Codex reads it: with Codex's own gpt-5.5 entry (large, so asked for only here) when listed. */
export async function fullCatalogInputOf(
  settings: SettingsSnapshot & { ok: true },
  env: Bindings,
): Promise<CatalogInput> {
  const input = catalogInputOf(settings, env)
  if (!input.isChatgptPassthroughAvailable || env.HOST === undefined) return input
  const { entry } = await callHost<PassthroughEntryReply>(env.HOST, env, HOST_PASSTHROUGH_ENTRY_PATH)
  return entry === undefined ? input : { ...input, passthroughEntry: entry }
}
