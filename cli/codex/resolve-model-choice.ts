import { isPassthroughListed, isRouterListed, type CatalogInput } from '../../shared/catalog'
import { CHATGPT_PASSTHROUGH_SLUG } from '../../shared/constants'
import { isPassthroughSlug } from '../../shared/passthrough-slug'
import { UserError } from '../user-error'
import { defaultModelSlug } from './generated-files'
import { managedModel } from './managed-config'

/**
 * What the user meant by `model use X`: an exact slug, else the one model whose upstream name is X, else the one
 * whose display name contains X (case-insensitive). Ambiguity and unknown names are errors that list the choices.
 */
export function resolveModelChoice(input: CatalogInput, requested: string): string {
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
  const byModel = input.models.filter((model) => model.model === requested)
  if (byModel.length === 1 && byModel[0]) return byModel[0].slug
  const needle = requested.toLowerCase()
  const byName = input.models.filter((model) => model.displayName.toLowerCase().includes(needle))
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

export function availableSlugs(input: CatalogInput): string[] {
  const slugs = input.models.map((model) => model.slug)
  const router = isRouterListed(input) && input.router ? [input.router.slug] : []
  return [...(isPassthroughListed(input) ? [CHATGPT_PASSTHROUGH_SLUG] : []), ...router, ...slugs]
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
