import { describe, expect, test } from 'vitest'
import { buildCatalog, FALLBACK_CONTEXT_WINDOW, type CatalogModel } from '../../shared/catalog'
import { VERSION } from '../../shared/constants'
import packageJson from '../../package.json' with { type: 'json' }

function catalogModel(overrides: Partial<CatalogModel> & Pick<CatalogModel, 'slug'>): CatalogModel {
  return {
    model: overrides.slug,
    displayName: overrides.slug,
    provider: 'openai',
    noImageSupport: false,
    index: 0,
    ...overrides,
  }
}

/** Fields Codex 0.169 refuses a catalog entry without (reference/codex-client.md §6). */
const REQUIRED_BY_CODEX = [
  'slug',
  'display_name',
  'supported_reasoning_levels',
  'shell_type',
  'truncation_policy',
  'visibility',
  'supported_in_api',
  'priority',
  'support_verbosity',
  'experimental_supported_tools',
  'base_instructions',
]
/** Fields older Desktop builds read. */
const READ_BY_OLDER_DESKTOP = [
  'context_window',
  'auto_compact_token_limit',
  'apply_patch_tool_type',
  'input_modalities',
]

describe('buildCatalog', () => {
  test('every entry has the fields Codex requires and the ones older Desktop builds read', () => {
    const catalog = buildCatalog({ models: [catalogModel({ slug: 'a' })], isChatgptPassthroughAvailable: true })
    for (const entry of catalog.models) {
      for (const field of [...REQUIRED_BY_CODEX, ...READ_BY_OLDER_DESKTOP]) expect(entry).toHaveProperty(field)
      expect(entry.apply_patch_tool_type).toBe('freeform')
      expect(entry.shell_type).toBe('shell_command')
      expect(entry.visibility).toBe('list')
      expect(entry.base_instructions.length).toBeGreaterThan(200)
    }
  })

  test('the context window comes from max_context_limit, with compaction and truncation scaled to it', () => {
    const [entry] = buildCatalog({
      models: [catalogModel({ slug: 'a', maxContextLimit: 64_000 })],
      isChatgptPassthroughAvailable: false,
    }).models
    expect(entry).toMatchObject({
      context_window: 64_000,
      max_context_window: 64_000,
      auto_compact_token_limit: 57_600,
    })
    expect(entry?.truncation_policy).toEqual({ mode: 'tokens', limit: 8_000 })
  })

  test('without max_context_limit the window is a conservative 128k, never a made-up 400k', () => {
    const [entry] = buildCatalog({
      models: [catalogModel({ slug: 'gpt-5-proxy', model: 'gpt-5' })],
      isChatgptPassthroughAvailable: false,
    }).models
    expect(entry?.context_window).toBe(FALLBACK_CONTEXT_WINDOW)
    expect(FALLBACK_CONTEXT_WINDOW).toBe(128_000)
  })

  test('no_image_support advertises text-only input', () => {
    const models = buildCatalog({
      models: [catalogModel({ slug: 'text', noImageSupport: true }), catalogModel({ slug: 'vision', index: 1 })],
      isChatgptPassthroughAvailable: false,
    }).models
    expect(models.map((entry) => entry.input_modalities)).toEqual([['text'], ['text', 'image']])
  })

  test('the gpt-5.5 passthrough entry comes first, and only while the user is logged in to Codex', () => {
    const models = [catalogModel({ slug: 'a' }), catalogModel({ slug: 'b', index: 1 })]
    expect(buildCatalog({ models, isChatgptPassthroughAvailable: true }).models.map((entry) => entry.slug)).toEqual([
      'gpt-5.5',
      'a',
      'b',
    ])
    expect(buildCatalog({ models, isChatgptPassthroughAvailable: false }).models.map((entry) => entry.slug)).toEqual([
      'a',
      'b',
    ])
  })

  test('priorities follow settings order (Codex lists lower numbers first)', () => {
    const models = [catalogModel({ slug: 'a', index: 0 }), catalogModel({ slug: 'b', index: 1 })]
    const priorities = buildCatalog({ models, isChatgptPassthroughAvailable: true }).models.map(
      (entry) => entry.priority,
    )
    expect(priorities).toEqual([...priorities].sort((x, y) => x - y))
    expect(new Set(priorities).size).toBe(3)
  })

  test('holds no secret even when given a full model config', () => {
    const secretful = {
      ...catalogModel({ slug: 'a' }),
      apiKey: 'sk-top-secret',
      extraHeaders: { authorization: 'Bearer sk-top-secret' },
      baseUrl: 'https://x/sk-top-secret',
    }
    expect(JSON.stringify(buildCatalog({ models: [secretful], isChatgptPassthroughAvailable: true }))).not.toContain(
      'sk-top-secret',
    )
  })
})

test('shared/constants VERSION matches package.json', () => {
  expect(VERSION).toBe(packageJson.version)
})
