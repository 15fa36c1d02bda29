import type { CatalogInput } from '../../shared/catalog'
import { HOST_PASSTHROUGH_ENTRY_PATH, type PassthroughEntryReply, type SettingsSnapshot } from '../../shared/host-protocol'
import type { Bindings } from '../env'
import { callHost } from '../host/call-host'

export function catalogInputOf(settings: SettingsSnapshot & { ok: true }): CatalogInput {
  return { models: settings.models, isChatgptPassthroughAvailable: settings.chatgptPassthrough === 'available' }
}

/** The catalog as Codex reads it: with Codex's own gpt-5.5 entry (large, so asked for only here) when listed. */
export async function fullCatalogInputOf(settings: SettingsSnapshot & { ok: true }, env: Bindings): Promise<CatalogInput> {
  const input = catalogInputOf(settings)
  if (!input.isChatgptPassthroughAvailable || env.HOST === undefined) return input
  const { entry } = await callHost<PassthroughEntryReply>(env.HOST, env, HOST_PASSTHROUGH_ENTRY_PATH)
  return entry === undefined ? input : { ...input, passthroughEntry: entry }
}
