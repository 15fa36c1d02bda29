import { describe, expect, test } from 'vitest'
import { normalizeSettings } from '../../shared/settings'

describe('a settings file with several row lists', () => {
  test('models and the legacy customModels are both read, in that order', () => {
    const result = normalizeSettings(
      {
        models: [{ model: 'deepseek-chat', provider: 'openai' }],
        customModels: [{ model: 'qwen3-coder', provider: 'ollama' }],
      },
      'models.json',
    )
    expect(result.ok && result.value.models.map((row) => row.slug)).toEqual(['deepseek-chat', 'qwen3-coder'])
  })

  test('a row repeated exactly in the second list is read once, with a warning naming both places', () => {
    const row = { model: 'deepseek-chat', provider: 'openai' }
    const result = normalizeSettings({ models: [row], customModels: [row] }, 'models.json')
    expect(result.ok && result.value.models).toHaveLength(1)
    expect(result.ok && result.value.warnings).toContain('customModels[0]: the same row as models[0], ignored')
  })

  test('problems in the second list name its own path', () => {
    const result = normalizeSettings(
      { models: [{ model: 'a', provider: 'openai' }], customModels: [{ model: 'b', provider: 'nope' }] },
      'models.json',
    )
    expect(!result.ok && result.error.kind === 'invalid' && result.error.problems[0]?.path).toMatch(
      /^customModels\[0\]/,
    )
  })
})
