export { BYOK_BASE_INSTRUCTIONS } from './base-instructions'
export {
  buildByokEntry,
  buildCatalog,
  buildPassthroughEntry,
  isPassthroughListed,
  isRouterListed,
  listedCursorModels,
  type CatalogInput,
  type CatalogModel,
} from './build-catalog'
export { buildCursorEntry } from './cursor-entry'
export { buildRouterEntry, type RouterCatalogInfo } from './router-entry'
export type { CatalogEntry, ModelCatalog, ReasoningEffort } from './catalog-entry'
export { contextLimitsFor, FALLBACK_CONTEXT_WINDOW } from './context-limits'
export { buildModelListBody, type ModelListBody, type OpenAiModel } from './openai-model-list'
