import type { ModelConfig } from './model-config'

/** An exact slug wins; otherwise the one row whose upstream model name is the requested string. */
export function findModel<T extends Pick<ModelConfig, 'slug' | 'model'>>(
  models: readonly T[],
  requested: string,
): T | undefined {
  const bySlug = models.find((model) => model.slug === requested)
  if (bySlug) return bySlug
  const byModel = models.filter((model) => model.model === requested)
  return byModel.length === 1 ? byModel[0] : undefined
}
