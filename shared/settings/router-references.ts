import type { ModelConfig, RouterConfig } from './model-config'
import type { SettingsProblem } from './settings-error'

/**
 * What the router block names must exist: the classifier, the default and every candidate are configured
 * models (by slug), the default is a candidate, no candidate is listed twice, and an enabled router has
 * candidates (and a classifier when there are several). Each problem names its JSON path.
 */
export function routerReferenceProblems(router: RouterConfig, models: readonly ModelConfig[]): SettingsProblem[] {
  const slugs = new Set(models.map((model) => model.slug))
  const listed = [...slugs].slice(0, 8).join(', ') || 'none configured'
  const problems: SettingsProblem[] = []
  const mustExist = (path: string, slug: string | undefined) => {
    if (slug !== undefined && !slugs.has(slug))
      problems.push({ path, message: `"${slug}" is not a configured model slug (models: ${listed})` })
  }
  mustExist('router.classifier', router.classifier)
  mustExist('router.default', router.default)
  const seen = new Set<string>()
  router.candidates.forEach((candidate, index) => {
    mustExist(`router.candidates[${index}].slug`, candidate.slug)
    if (seen.has(candidate.slug))
      problems.push({ path: `router.candidates[${index}].slug`, message: `"${candidate.slug}" is listed twice` })
    seen.add(candidate.slug)
    if (candidate.slug === router.slug)
      problems.push({ path: `router.candidates[${index}].slug`, message: 'the router cannot be its own candidate' })
  })
  if (
    router.default !== undefined &&
    router.candidates.length > 0 &&
    !router.candidates.some((candidate) => candidate.slug === router.default)
  ) {
    problems.push({
      path: 'router.default',
      message: `"${router.default}" must also be one of router.candidates (it serves tasks the classifier cannot decide)`,
    })
  }
  if (router.enabled && router.candidates.length === 0)
    problems.push({ path: 'router.candidates', message: 'an enabled router needs at least one candidate' })
  if (router.enabled && router.candidates.length > 1 && router.classifier === undefined)
    problems.push({
      path: 'router.classifier',
      message: 'an enabled router with several candidates needs a classifier model',
    })
  return problems
}
