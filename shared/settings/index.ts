export { findModel } from './find-model'
export {
  PROVIDER_KINDS,
  type CursorConfig,
  type ModelConfig,
  type ProviderKind,
  type RouterConfig,
  type Settings,
} from './model-config'
export { normalizeSettings, parseSettingsText } from './normalize-settings'
export { formatSettingsError, type SettingsError, type SettingsProblem } from './settings-error'
export { assignSlugs, slugify } from './slugify'
