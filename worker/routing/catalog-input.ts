import type { CatalogInput } from '../../shared/catalog'
import {
  HOST_PASSTHROUGH_ENTRY_PATH,
  type PassthroughEntryReply,
  type SettingsSnapshot,
} from '../../shared/host-protocol'
import { catalogInputOfSnapshot } from '../../shared/catalog/snapshot-catalog-input'
import type { Bindings } from '../env'
import { callHost } from '../host/call-host'

/** The catalog input of the snapshot (shared/catalog/snapshot-catalog-input.ts), with the worker's bindings. */
export function catalogInputOf(
  settings: SettingsSnapshot & { ok: true },
  env: Pick<Bindings, 'CODEX_SHIM_DISABLE_ROUTER'>,
): CatalogInput {
  return catalogInputOfSnapshot(settings, env)
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
