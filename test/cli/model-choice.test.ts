import { describe, expect, test } from 'vitest'
import { availableSlugs, resolveModelChoice } from '../../cli/codex/resolve-model-choice'
import { UserError } from '../../cli/user-error'
import type { CatalogInput } from '../../shared/catalog'
import { type CursorState, DEFAULT_CURSOR_MODELS } from '../../shared/cursor-protocol'

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

describe("model list and model use with Cursor's Composer", () => {
  const withCursor: CatalogInput = { ...loggedIn, cursorModels: DEFAULT_CURSOR_MODELS }
  const offer = (state: CursorState) => ({ state, models: DEFAULT_CURSOR_MODELS })

  test('the slugs Codex can use include Composer while cursor-agent is available', () => {
    expect(availableSlugs(withCursor)).toEqual(['gpt-5.5', 'deepseek-chat', 'composer-2-5', 'composer-2-5-fast'])
  })

  test('a model of the user’s own with a Composer slug is listed once, as theirs', () => {
    const input = { ...withCursor, models: [row('composer-2-5', 'My Composer')] }
    expect(availableSlugs(input)).toEqual(['gpt-5.5', 'composer-2-5', 'composer-2-5-fast'])
    expect(resolveModelChoice(input, 'composer-2-5')).toBe('composer-2-5')
  })

  test.each([
    ['composer-2-5', 'composer-2-5'],
    ['composer-2.5', 'composer-2-5'],
    ['composer-2.5-fast', 'composer-2-5-fast'],
    ['Composer 2.5 Fast', 'composer-2-5-fast'],
  ])('%s selects %s (the slug, Cursor’s id or the name)', (requested, slug) => {
    expect(resolveModelChoice(withCursor, requested, offer('available'))).toBe(slug)
  })

  test('a part of a name both Composer models share is ambiguous', () => {
    expect(() => resolveModelChoice(withCursor, 'composer 2.5')).toThrow(
      /several models: composer-2-5, composer-2-5-fast/,
    )
  })

  test.each([
    ['logged_out', /not logged in[\s\S]*cursor-agent login/],
    ['not_installed', /not installed[\s\S]*https:\/\/cursor\.com\/cli[\s\S]*CURSOR_AGENT_BIN/],
    ['disabled', /switched off[\s\S]*CODEX_SHIM_DISABLE_CURSOR/],
  ] as const)('while cursor-agent is %s, Composer is refused with why and how to fix it', (state, why) => {
    for (const requested of ['composer-2-5', 'composer-2.5']) {
      expect(() => resolveModelChoice(loggedIn, requested, offer(state))).toThrow(UserError)
      expect(() => resolveModelChoice(loggedIn, requested, offer(state))).toThrow(why)
    }
  })

  test('a Composer slug without a known Cursor state points to `codex-shim cursor status`', () => {
    expect(() => resolveModelChoice(loggedIn, 'composer-2-5')).toThrow(/codex-shim cursor status/)
  })
})
