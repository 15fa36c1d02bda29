import { buildCatalog, type CatalogInput } from '../../shared/catalog'
import { CHATGPT_PASSTHROUGH_SLUG } from '../../shared/constants'
import type { ResolvedModel, SettingsSnapshot } from '../../shared/host-protocol'
import type { ModelTotals } from '../activity/activity-log'

/** One row of the picker: what Codex's catalog says, where it goes, and whether it can work right now. */
export interface PickerModel {
  slug: string
  display_name: string
  /** The provider kind and the upstream's host (with its port) only: never a path, query, user info or key. */
  route: { kind: string; host?: string }
  context_window: number
  images: boolean
  /** `present`: a key (or the ChatGPT login) is there; `missing`: its api_key_env is unset; `not_needed`: none configured. */
  key: 'present' | 'missing' | 'not_needed'
  missing_key_env?: string
  last_request?: { at: string; ok: boolean; status: number; error_code?: string }
}

export interface PickerModelsBody {
  /** The slug the managed block selects (locally), if any. */
  active?: string
  can_switch: boolean
  switch_unavailable_reason?: string
  models: PickerModel[]
}

export interface PickerModelsInput {
  settings: SettingsSnapshot & { ok: true }
  catalog: CatalogInput
  chatgptBaseUrl: string
  totals: Record<string, ModelTotals>
  switchUnavailableReason?: string
}

/** Every model the gateway lists to Codex, in the catalog's order, with its route and status. */
export function buildPickerModels(input: PickerModelsInput): PickerModelsBody {
  const bySlug = new Map(input.settings.models.map((model) => [model.slug, model]))
  const models = buildCatalog(input.catalog).models.map((entry): PickerModel => {
    const configured = bySlug.get(entry.slug)
    const last = input.totals[entry.slug]?.last
    return {
      slug: entry.slug,
      display_name: entry.display_name,
      route: configured
        ? { kind: configured.provider, ...hostPart(configured.baseUrl) }
        : routeOfBuiltIn(entry.slug, input),
      context_window: entry.context_window,
      images: entry.input_modalities.includes('image'),
      ...keyState(configured),
      ...(last
        ? {
            last_request: {
              at: last.at,
              ok: !last.isFailed,
              status: last.status,
              ...(last.errorCode === undefined ? {} : { error_code: last.errorCode }),
            },
          }
        : {}),
    }
  })
  return {
    ...(input.settings.managedModel === undefined ? {} : { active: input.settings.managedModel }),
    can_switch: input.switchUnavailableReason === undefined,
    ...(input.switchUnavailableReason === undefined
      ? {}
      : { switch_unavailable_reason: input.switchUnavailableReason }),
    models,
  }
}

/** The passthrough and the auto router have no row of their own in models.json. */
function routeOfBuiltIn(slug: string, input: PickerModelsInput): PickerModel['route'] {
  if (input.catalog.router?.slug === slug) return { kind: 'auto' }
  if (slug === CHATGPT_PASSTHROUGH_SLUG) return { kind: 'chatgpt', ...hostPart(input.chatgptBaseUrl) }
  // Composer: cursor-agent on this machine, no upstream host of ours.
  if (input.catalog.cursorModels?.some((model) => model.slug === slug)) return { kind: 'cursor' }
  return { kind: 'built-in' }
}

function keyState(model: ResolvedModel | undefined): Pick<PickerModel, 'key' | 'missing_key_env'> {
  // Listed without a row: the passthrough (listed only while logged in) or the router (its candidates have keys).
  if (model === undefined) return { key: 'present' }
  if (model.missingApiKeyEnv !== undefined) return { key: 'missing', missing_key_env: model.missingApiKeyEnv }
  return { key: model.apiKey !== undefined ? 'present' : 'not_needed' }
}

function hostPart(baseUrl: string): { host?: string } {
  try {
    const host = new URL(baseUrl).host
    return host === '' ? {} : { host }
  } catch {
    // Not a URL (a spawned CLI upstream has none): the kind alone says where it goes.
    return {}
  }
}
