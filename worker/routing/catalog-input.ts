import type { CatalogInput } from '../../shared/catalog'
import type { SettingsSnapshot } from '../../shared/host-protocol'

export function catalogInputOf(settings: SettingsSnapshot & { ok: true }): CatalogInput {
  return { models: settings.models, isChatgptPassthroughAvailable: settings.chatgptPassthrough === 'available', passthroughEntry: settings.passthroughEntry }
}
