import { describe, expect, test } from 'vitest'
import { resolveModelChoice } from '../../cli/codex/resolve-model-choice'
import type { CatalogInput } from '../../shared/catalog'

const row = (slug: string, displayName = slug) => ({
  slug,
  model: slug,
  displayName,
  provider: 'openai' as const,
  index: 0,
  noImageSupport: false,
})
const loggedIn: CatalogInput = { models: [row('deepseek-chat', 'DeepSeek V3')], isChatgptPassthroughAvailable: true }
const loggedOut: CatalogInput = { ...loggedIn, isChatgptPassthroughAvailable: false }

describe('model use with the passthrough’s older names', () => {
  test.each([['gpt-5.5'], ['openai-gpt-5-5'], ['openai-gpt-5.5'], ['openai-gpt-5-5-codex-max']])(
    '%s selects gpt-5.5 while Codex is logged in',
    (requested) => {
      expect(resolveModelChoice(loggedIn, requested)).toBe('gpt-5.5')
    },
  )

  test('they say to log in when Codex is not', () => {
    expect(() => resolveModelChoice(loggedOut, 'openai-gpt-5-5')).toThrow(/codex login/)
  })

  test('a model of the user’s own with such a slug is still theirs', () => {
    expect(resolveModelChoice({ ...loggedIn, models: [row('openai-gpt-5-5-fast')] }, 'openai-gpt-5-5-fast')).toBe(
      'openai-gpt-5-5-fast',
    )
  })
})
