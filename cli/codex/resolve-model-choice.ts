import { isPassthroughListed, isRouterListed, listedCursorModels, type CatalogInput } from '../../shared/catalog'
import { CHATGPT_PASSTHROUGH_SLUG } from '../../shared/constants'
import { DEFAULT_CURSOR_MODELS, type CursorModel, type CursorState } from '../../shared/cursor-protocol'
import { isPassthroughSlug } from '../../shared/passthrough-slug'
import { UserError } from '../user-error'
import { defaultModelSlug } from './generated-files'
import { managedModel } from './managed-config'

/** What Cursor offers now: whether cursor-agent can serve, and the Cursor models models.json names (or the defaults). */
export interface CursorOffer {
  state: CursorState
  models: readonly CursorModel[]
}

interface Choice {
  slug: string
  model: string
  displayName: string
}

/**
 * What the user meant by `model use X`: an exact slug, else the one model whose upstream name (for Composer:
 * Cursor's id, `composer-2.5`) is X, else the one whose display name contains X (case-insensitive). Ambiguity and
 * unknown names are errors that list the choices; a Cursor model while cursor-agent cannot serve says why.
 */
export function resolveModelChoice(input: CatalogInput, requested: string, cursor?: CursorOffer): string {
  const slugs = availableSlugs(input)
  if (slugs.includes(requested)) return requested
  // A model of the user's own named like the passthrough was matched above; the rest is the passthrough's.
  if (isPassthroughSlug(requested)) {
    if (isPassthroughListed(input)) return CHATGPT_PASSTHROUGH_SLUG
    throw new UserError(
      'gpt-5.5 is served through your ChatGPT login, and Codex is not logged in.',
      'Run `codex login`, then try again.',
    )
  }
  const cursorModels: Choice[] = listedCursorModels(input).map((model) => ({ ...model, model: model.id }))
  // As the worker resolves a request: the user's models by upstream name first, then Cursor's by its id.
  for (const candidates of [input.models, cursorModels]) {
    const byModel = candidates.filter((model) => model.model === requested)
    if (byModel.length === 1 && byModel[0]) return byModel[0].slug
  }
  const unavailable = unavailableCursorModel(input, requested, cursor)
  if (unavailable !== undefined) throw unavailable
  const needle = requested.toLowerCase()
  const byName = [...input.models, ...cursorModels].filter((model) => model.displayName.toLowerCase().includes(needle))
  if (byName.length === 1 && byName[0]) return byName[0].slug
  if (byName.length > 1)
    throw new UserError(
      `"${requested}" matches several models: ${byName.map((model) => model.slug).join(', ')}.`,
      'Use one of those slugs.',
    )
  throw new UserError(
    `No model "${requested}".`,
    slugs.length === 0
      ? 'Add models to models.json (or run `codex login`) first.'
      : `Choose one of: ${slugs.join(', ')}`,
  )
}

/** In the catalog's order: the passthrough, the router, the user's models, then Cursor's (a user's slug wins). */
export function availableSlugs(input: CatalogInput): string[] {
  const slugs = input.models.map((model) => model.slug)
  const router = isRouterListed(input) && input.router ? [input.router.slug] : []
  const cursor = listedCursorModels(input).map((model) => model.slug)
  return [...(isPassthroughListed(input) ? [CHATGPT_PASSTHROUGH_SLUG] : []), ...router, ...slugs, ...cursor]
}

/** A Cursor model (by slug or Cursor's id) that is not offered right now, as the error that says why and what to do. */
function unavailableCursorModel(
  input: CatalogInput,
  requested: string,
  cursor: CursorOffer | undefined,
): UserError | undefined {
  const models = cursor?.models ?? DEFAULT_CURSOR_MODELS
  const model = models.find((candidate) => candidate.slug === requested || candidate.id === requested)
  if (model === undefined || listedCursorModels(input).some((listed) => listed.slug === model.slug)) return undefined
  // Available yet not listed: a model of the user's took the slug, and that one was matched before.
  if (cursor?.state === 'available') return undefined
  const what = `${model.slug} is Cursor's ${model.displayName}, served through cursor-agent and your Cursor login`
  switch (cursor?.state) {
    case 'logged_out':
      return new UserError(`${what}, and cursor-agent is not logged in.`, 'Run `cursor-agent login`, then try again.')
    case 'not_installed':
      return new UserError(
        `${what}, and cursor-agent is not installed (or not on PATH).`,
        'Install it from https://cursor.com/cli (or set CURSOR_AGENT_BIN to it), then try again.',
      )
    case 'disabled':
      return new UserError(
        `${what}, which is switched off by CODEX_SHIM_DISABLE_CURSOR.`,
        'Unset CODEX_SHIM_DISABLE_CURSOR, then try again.',
      )
    default:
      return new UserError(`${what}, which is not offered right now.`, 'Run `codex-shim cursor status` to see why.')
  }
}

/**
 * The model the managed block should select: the one asked for, else the one it already selects while that is
 * still available, else the default (passthrough when logged in, otherwise the first configured model).
 */
export function chooseManagedModel(input: CatalogInput, configText: string, requested?: string): string {
  if (requested !== undefined) return resolveModelChoice(input, requested)
  const previous = managedModel(configText)
  const model = previous !== undefined && availableSlugs(input).includes(previous) ? previous : defaultModelSlug(input)
  if (model === undefined)
    throw new UserError(
      'No models to use yet.',
      'Add models to models.json, or run `codex login` for the gpt-5.5 passthrough.',
    )
  return model
}
