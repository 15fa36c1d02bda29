import { describe, expect, test } from 'vitest'
import { formatSettingsError, parseSettingsText } from '../../shared/settings'

const FILE = '/home/dev/.codex-shim/models.json'
const models = [
  { model: 'nano', provider: 'openai', base_url: 'https://api.example/v1' },
  { model: 'm', provider: 'openai', base_url: 'https://api.example/v1' },
]

function parse(router: Record<string, unknown>) {
  return parseSettingsText(JSON.stringify({ models, router: { candidates: [{ slug: 'm' }], ...router } }), FILE)
}

describe('the router block prices its classifier', () => {
  test.each([
    [{ classifier: 'nano', classifier_cost: 0.05 }, 0.05],
    [{ classifier: 'nano', classifierCost: 0.1 }, 0.1],
    [{ classifier: 'nano' }, undefined],
  ])('%j gives classifierCost %s', (router, cost) => {
    const result = parse(router)
    if (!result.ok) throw new Error(formatSettingsError(result.error))
    expect(result.value.router?.classifierCost).toBe(cost)
  })

  test.each([
    [{ classifier: 'nano', classifier_cost: -1 }, 'router.classifier_cost'],
    [{ classifier: 'nano', classifier_cost: 'cheap' }, 'router.classifier_cost'],
    [{ classifier: 'nano', classifierCost: -0.5 }, 'router.classifierCost'],
  ])('a wrong price %j names its path', (router, path) => {
    const result = parse(router)
    if (result.ok) throw new Error('expected the settings to be refused')
    expect(formatSettingsError(result.error)).toContain(path)
  })
})
