import { describe, expect, test } from 'vitest'
import type { SettingsSnapshot } from '../../shared/host-protocol'
import { resolveRoute } from '../../worker/routing/resolve-route'
import { model } from './helpers/gateway'

const settings = (chatgptPassthrough: 'available' | 'logged_out'): SettingsSnapshot & { ok: true } => ({
  ok: true,
  models: [model({ slug: 'deepseek-chat' })],
  chatgptPassthrough,
})

describe('resolveRoute', () => {
  test.each([['gpt-5.5'], ['openai-gpt-5-5'], ['openai-gpt-5.5'], ['openai-gpt-5-5-codex-max']])(
    '%s goes to the ChatGPT passthrough',
    (slug) => {
      expect(resolveRoute(settings('available'), slug)).toEqual({ kind: 'chatgpt', slug })
    },
  )

  test('without a login the family gets the 401 that says to run codex login', () => {
    expect(() => resolveRoute(settings('logged_out'), 'openai-gpt-5-5-codex-max')).toThrow(/codex login/)
  })

  test('a configured model wins over the passthrough names', () => {
    const own = { ...settings('available'), models: [model({ slug: 'openai-gpt-5-5-fast' })] }
    expect(resolveRoute(own, 'openai-gpt-5-5-fast')).toMatchObject({ kind: 'byok' })
  })
})
