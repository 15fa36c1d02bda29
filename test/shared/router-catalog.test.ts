import { describe, expect, test } from 'vitest'
import { buildCatalog, buildModelListBody } from '../../shared/catalog'
import { activeRouter, routerCatalogInfo } from '../../shared/router/router-candidates'
import type { ModelConfig, RouterConfig } from '../../shared/settings'

const model = (slug: string, overrides: Partial<ModelConfig> = {}): ModelConfig => ({
  slug,
  model: slug,
  provider: 'openai',
  baseUrl: 'https://x/v1',
  displayName: slug,
  noImageSupport: false,
  promptCache: true,
  extraHeaders: {},
  index: 0,
  ...overrides,
})
const models = [
  model('cheap', { maxContextLimit: 64_000, noImageSupport: true }),
  model('strong', { maxContextLimit: 200_000 }),
  model('classifier'),
]
const router: RouterConfig = {
  enabled: true,
  slug: 'codex-auto',
  displayName: 'Auto (smart routing)',
  classifier: 'classifier',
  threshold: 0.7,
  default: 'strong',
  cache: true,
  mode: 'route',
  timeoutMs: 8000,
  maxClassifierTokens: 400,
  candidates: [
    { slug: 'cheap', cost: 0.2, supportsImages: true },
    { slug: 'strong', cost: 5, supportsImages: true },
  ],
}

describe('the router in the catalog', () => {
  const input = {
    models,
    isChatgptPassthroughAvailable: false,
    router: routerCatalogInfo(activeRouter(router, models, false)),
  }

  test('has an entry as wide as its narrowest candidate, taking images when any candidate does', () => {
    const entry = buildCatalog(input).models.find((candidate) => candidate.slug === 'codex-auto')
    expect(entry).toMatchObject({
      display_name: 'Auto (smart routing)',
      context_window: 64_000,
      input_modalities: ['text', 'image'],
      visibility: 'list',
    })
  })

  test('is listed by /v1/models', () => {
    expect(buildModelListBody(input, 1).data.find((entry) => entry.id === 'codex-auto')).toMatchObject({
      owned_by: 'codex-shim-auto',
    })
  })

  test('is absent while disabled, switched off or without configured candidates', () => {
    expect(activeRouter({ ...router, enabled: false }, models, false)).toBeUndefined()
    expect(activeRouter(router, models, true)).toBeUndefined()
    expect(
      activeRouter({ ...router, candidates: [{ slug: 'nope', supportsImages: true }] }, models, false),
    ).toBeUndefined()
  })
})
