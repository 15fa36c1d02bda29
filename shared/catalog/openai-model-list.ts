import { CHATGPT_PASSTHROUGH_SLUG } from '../constants'
import {
  buildCatalog,
  isPassthroughListed,
  isRouterListed,
  listedCursorModels,
  type CatalogInput,
} from './build-catalog'
import type { CatalogEntry } from './catalog-entry'

export interface OpenAiModel {
  id: string
  object: 'model'
  created: number
  owned_by: string
}

/**
 * One body for both kinds of client: OpenAI's list (`object`, `data`) for SDKs, and Codex's catalog (`models`)
 * for a provider's `model_catalog_url`. Codex 0.169 accepts the combination (reference/codex-client.md §6).
 */
export interface ModelListBody {
  object: 'list'
  data: OpenAiModel[]
  models: CatalogEntry[]
}

export function buildModelListBody(input: CatalogInput, createdUnixSeconds: number): ModelListBody {
  const data: OpenAiModel[] = input.models.map((model) => ({
    id: model.slug,
    object: 'model',
    created: createdUnixSeconds,
    owned_by: 'codex-shim',
  }))
  for (const model of listedCursorModels(input))
    data.push({ id: model.slug, object: 'model', created: createdUnixSeconds, owned_by: 'cursor' })
  if (isRouterListed(input) && input.router)
    data.unshift({ id: input.router.slug, object: 'model', created: createdUnixSeconds, owned_by: 'codex-shim-auto' })
  if (isPassthroughListed(input)) {
    data.unshift({ id: CHATGPT_PASSTHROUGH_SLUG, object: 'model', created: createdUnixSeconds, owned_by: 'chatgpt' })
  }
  return { object: 'list', data, models: buildCatalog(input).models }
}
