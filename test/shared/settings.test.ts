import { describe, expect, test } from 'vitest'
import { OLLAMA_DEFAULT_BASE_URL } from '../../shared/constants'
import { findModel, formatSettingsError, parseSettingsText, slugify, type Settings } from '../../shared/settings'

const FILE = '/home/dev/.codex-shim/models.json'

function load(json: unknown): Settings {
  const result = parseSettingsText(JSON.stringify(json), FILE)
  if (!result.ok) throw new Error(formatSettingsError(result.error))
  return result.value
}

function problemText(json: unknown | string): string {
  const result = parseSettingsText(typeof json === 'string' ? json : JSON.stringify(json), FILE)
  if (result.ok) throw new Error('expected the settings to be refused')
  return formatSettingsError(result.error)
}

const base = { model: 'm', provider: 'openai', base_url: 'https://api.example/v1' }

describe('top-level shapes', () => {
  test.each([
    ['models', { models: [base] }],
    ['customModels (legacy)', { customModels: [base] }],
    ['launchModels', { launchModels: [base] }],
    ['launch_models', { launch_models: [base] }],
    ['a bare array', [base]],
  ])('reads rows from %s', (_name, json) => {
    expect(load(json).models.map((model) => model.model)).toEqual(['m'])
  })

  test('models and customModels are merged, models first; a null models leaves the customModels rows', () => {
    const rowsOf = (json: unknown) => load(json).models.map((model) => model.model)
    expect(rowsOf({ models: [base], customModels: [{ ...base, model: 'legacy' }] })).toEqual(['m', 'legacy'])
    expect(rowsOf({ models: null, customModels: [{ ...base, model: 'legacy' }] })).toEqual(['legacy'])
  })

  test('an object without rows is an empty list', () => {
    expect(load({}).models).toEqual([])
  })

  test('bare strings are Ollama models on the local default URL', () => {
    const [row] = load({ launchModels: ['llama3.2'] }).models
    expect(row).toMatchObject({
      slug: 'llama3-2',
      model: 'llama3.2',
      displayName: 'llama3.2',
      provider: 'generic-chat-completion-api',
      baseUrl: OLLAMA_DEFAULT_BASE_URL,
    })
  })

  test('a models key that is not an array is an error naming it', () => {
    expect(problemText({ models: { a: 1 } })).toMatch(/models: expected an array of models, got an object/)
  })

  test.each([[42], ['"text"'], [true]])('a top level of %j is an error', (value) => {
    expect(problemText(value)).toContain('(top level)')
  })

  test('unknown keys are warnings, not errors', () => {
    const settings = load({ models: [{ ...base, max_context_limt: 5 }], extra: true })
    expect(settings.warnings).toEqual([
      'extra: unknown top-level key, ignored',
      'models[0].max_context_limt: unknown key, ignored',
    ])
  })
})

describe('field aliases (snake_case first, camelCase second)', () => {
  test.each([
    ['base_url', { base_url: 'https://a.example/v1' }, 'baseUrl', 'https://a.example/v1'],
    ['baseUrl', { baseUrl: 'https://b.example/v1' }, 'baseUrl', 'https://b.example/v1'],
    ['baseURL', { baseURL: 'https://c.example/v1' }, 'baseUrl', 'https://c.example/v1'],
    ['display_name', { display_name: 'D' }, 'displayName', 'D'],
    ['displayName', { displayName: 'D2' }, 'displayName', 'D2'],
    ['name', { name: 'D3' }, 'displayName', 'D3'],
    ['api_key', { api_key: 'k1' }, 'apiKey', 'k1'],
    ['apiKey', { apiKey: 'k2' }, 'apiKey', 'k2'],
    ['bearerToken', { bearerToken: 'k3' }, 'apiKey', 'k3'],
    ['api_key_env', { api_key_env: 'MY_KEY' }, 'apiKeyEnv', 'MY_KEY'],
    ['apiKeyEnv', { apiKeyEnv: 'MY_KEY2' }, 'apiKeyEnv', 'MY_KEY2'],
    ['max_context_limit', { max_context_limit: 200000 }, 'maxContextLimit', 200000],
    ['maxContextLimit', { maxContextLimit: 100000 }, 'maxContextLimit', 100000],
    ['max_output_tokens', { max_output_tokens: 32000 }, 'maxOutputTokens', 32000],
    ['maxOutputTokens', { maxOutputTokens: 16000 }, 'maxOutputTokens', 16000],
    ['no_image_support', { no_image_support: true }, 'noImageSupport', true],
    ['noImageSupport', { noImageSupport: true }, 'noImageSupport', true],
    ['extra_headers', { extra_headers: { 'X-A': 'b' } }, 'extraHeaders', { 'X-A': 'b' }],
    ['extraHeaders', { extraHeaders: { 'X-C': 'd' } }, 'extraHeaders', { 'X-C': 'd' }],
    ['slug', { slug: 'My Slug!' }, 'slug', 'my-slug'],
    ['prompt_cache', { prompt_cache: false }, 'promptCache', false],
    ['promptCache', { promptCache: 'false' }, 'promptCache', false],
  ])('%s', (_key, fields, property, expected) => {
    const row = {
      model: 'm',
      provider: 'openai',
      ...('baseUrl' in fields || 'baseURL' in fields ? {} : { base_url: 'https://x.example/v1' }),
      ...fields,
    }
    const [model] = load({ models: [row] }).models
    expect(model?.[property as keyof typeof model]).toEqual(expected)
  })

  test('the snake_case spelling wins when both are present', () => {
    const [model] = load({
      models: [
        { ...base, display_name: 'snake', displayName: 'camel', max_context_limit: 1000, maxContextLimit: 2000 },
      ],
    }).models
    expect(model).toMatchObject({ displayName: 'snake', maxContextLimit: 1000 })
  })

  test('defaults: display name is the model, images on, no headers, position as index', () => {
    const [, second] = load({ models: [base, { ...base, model: 'second' }] }).models
    expect(second).toMatchObject({ displayName: 'second', noImageSupport: false, extraHeaders: {}, index: 1 })
    expect(second?.apiKey).toBeUndefined()
  })

  test('base URLs lose trailing slashes', () => {
    expect(load({ models: [{ ...base, base_url: 'https://x.example/api/paas/v4///' }] }).models[0]?.baseUrl).toBe(
      'https://x.example/api/paas/v4',
    )
  })

  test('numbers may be written as digit strings and booleans as "true"/"false"', () => {
    const [model] = load({ models: [{ ...base, max_context_limit: '65536', no_image_support: 'false' }] }).models
    expect(model).toMatchObject({ maxContextLimit: 65536, noImageSupport: false })
  })

  test('null values count as absent (no "None" display names, no "null" keys)', () => {
    const [model] = load({ models: [{ ...base, display_name: null, api_key: null, extra_headers: null }] }).models
    expect(model).toMatchObject({ displayName: 'm', extraHeaders: {} })
    expect(model?.apiKey).toBeUndefined()
  })

  test('header values become strings and null headers are dropped', () => {
    const [model] = load({
      models: [{ ...base, extra_headers: { 'X-Num': 3, 'X-Flag': true, 'X-Gone': null } }],
    }).models
    expect(model?.extraHeaders).toEqual({ 'X-Num': '3', 'X-Flag': 'true' })
  })
})

describe('providers', () => {
  test.each([
    ['openai', 'openai'],
    ['OpenAI', 'openai'],
    ['generic-chat-completion-api', 'generic-chat-completion-api'],
    ['anthropic', 'anthropic'],
    ['Anthropic', 'anthropic'],
  ])('%s → %s', (provider, expected) => {
    expect(load({ models: [{ ...base, provider }] }).models[0]?.provider).toBe(expected)
  })

  test('ollama becomes the generic provider on the local default URL', () => {
    const [model] = load({ models: [{ model: 'qwen3', provider: 'ollama' }] }).models
    expect(model).toMatchObject({ provider: 'generic-chat-completion-api', baseUrl: OLLAMA_DEFAULT_BASE_URL })
  })

  test('ollama keeps a base URL the user gave', () => {
    const [model] = load({
      models: [{ model: 'qwen3', provider: 'ollama', base_url: 'http://192.168.1.5:11434/v1' }],
    }).models
    expect(model?.baseUrl).toBe('http://192.168.1.5:11434/v1')
  })

  test('openai and anthropic rows without a base URL use the official endpoints', () => {
    const models = load({
      models: [
        { model: 'a', provider: 'openai' },
        { model: 'b', provider: 'anthropic' },
      ],
    }).models
    expect(models.map((model) => model.baseUrl)).toEqual(['https://api.openai.com/v1', 'https://api.anthropic.com/v1'])
  })

  test('responses is a provider of its own; without a base URL it is OpenAI’s Responses API', () => {
    const models = load({
      models: [
        { model: 'gpt-5.6-luna', provider: 'responses' },
        { model: 'grok-4.5', provider: 'Responses', base_url: 'https://api.x.ai/v1' },
      ],
    }).models
    expect(models.map((model) => [model.provider, model.baseUrl])).toEqual([
      ['responses', 'https://api.openai.com/v1'],
      ['responses', 'https://api.x.ai/v1'],
    ])
  })
})

describe('rows without a provider (the original’s launchModels)', () => {
  test.each([
    [
      'a base URL on Ollama’s port',
      { model: 'deepseek-r1', baseURL: 'http://localhost:11434/v1' },
      'http://localhost:11434/v1',
    ],
    ['a base URL naming Ollama', { model: 'qwen3', base_url: 'https://ollama.lan/v1/' }, 'https://ollama.lan/v1'],
  ])('%s is an Ollama model', (_name, row, baseUrl) => {
    const settings = load({ launchModels: [row] })
    expect(settings.models[0]).toMatchObject({ provider: 'generic-chat-completion-api', baseUrl })
  })

  test('a row that names its provider keeps it, whatever its URL says', () => {
    expect(
      load({ launchModels: [{ model: 'm', provider: 'openai', baseURL: 'http://localhost:11434/v1' }] }).models[0]
        ?.provider,
    ).toBe('openai')
  })

  test.each([
    ['another base URL', { model: 'deepseek-r1', baseURL: 'http://localhost:8000/v1' }],
    ['no base URL', { model: 'deepseek-r1' }],
  ])('one with %s still needs a provider, and says so', (_name, row) => {
    expect(problemText({ launchModels: [row] })).toContain('launchModels[0].provider: required')
  })
})

describe('slugs', () => {
  test.each([
    ['llama3.2', 'llama3-2'],
    ['qwen2.5-coder:14b', 'qwen2-5-coder-14b'],
    ['  Claude Opus 4.7  ', 'claude-opus-4-7'],
    ['---', 'model'],
    ['vendor\\model', 'vendor-model'],
  ])('slugify(%j) = %j', (text, slug) => {
    expect(slugify(text)).toBe(slug)
  })

  test('rows sharing an upstream model are told apart by display name', () => {
    const models = load({
      models: [
        { ...base, model: 'gpt-5.5', display_name: 'Fast High' },
        { ...base, model: 'gpt-5.5', display_name: 'Fast Low' },
      ],
    }).models
    expect(models.map((model) => model.slug)).toEqual(['fast-high', 'fast-low'])
  })

  test('collisions get the row index, then a counter', () => {
    const models = load({
      models: [
        { ...base, slug: 'same' },
        { ...base, model: 'other', slug: 'same' },
        { ...base, model: 'third', slug: 'same-1' },
      ],
    }).models
    expect(models.map((model) => model.slug)).toEqual(['same', 'same-1', 'same-1-2'])
    expect(new Set(models.map((model) => model.slug)).size).toBe(3)
  })

  test('findModel: exact slug first, then a unique upstream model name', () => {
    const models = load({
      models: [
        { ...base, model: 'deepseek-chat' },
        { ...base, model: 'twin', display_name: 'A' },
        { ...base, model: 'twin', display_name: 'B' },
      ],
    }).models
    expect(findModel(models, 'deepseek-chat')?.slug).toBe('deepseek-chat')
    expect(findModel(models, 'a')?.displayName).toBe('A')
    expect(findModel(models, 'twin')).toBeUndefined()
  })
})

describe('router block', () => {
  test('is accepted with defaults filled in', () => {
    const settings = load({
      models: [base],
      router: { enabled: true, candidates: [{ slug: 'm', cost: 1, supports_images: false, card: 'cheap' }] },
    })
    expect(settings.router).toMatchObject({
      enabled: true,
      slug: 'codex-auto',
      threshold: 0.7,
      cache: true,
      displayName: 'Auto (smart routing)',
      candidates: [{ slug: 'm', cost: 1, supportsImages: false, card: 'cheap' }],
    })
  })

  test.each([
    [{ threshold: 2 }, 'router.threshold'],
    [{ enabled: 'yes' }, 'router.enabled'],
    [{ candidates: [{ cost: 1 }] }, 'router.candidates[0].slug'],
    [{ candidates: [{ slug: 'x', cost: -1 }] }, 'router.candidates[0].cost'],
    [{ mode: 'sometimes' }, 'router.mode'],
    [{ timeout_ms: 0 }, 'router.timeout_ms'],
  ])('a wrong router field %j names its path', (router, path) => {
    expect(problemText({ models: [base], router })).toContain(path)
  })

  test('mode, timeout and classifier tokens have defaults, and accept camelCase too', () => {
    expect(load({ models: [base], router: { candidates: [{ slug: 'm' }] } }).router).toMatchObject({
      mode: 'route',
      timeoutMs: 8000,
      maxClassifierTokens: 400,
    })
    expect(
      load({
        models: [base],
        router: { mode: 'shadow', timeoutMs: 500, maxClassifierTokens: 50, candidates: [{ slug: 'm' }] },
      }).router,
    ).toMatchObject({ mode: 'shadow', timeoutMs: 500, maxClassifierTokens: 50 })
  })

  test.each([
    [{ classifier: 'nope', candidates: [{ slug: 'm' }] }, 'router.classifier', 'not a configured model'],
    [{ default: 'nope', candidates: [{ slug: 'm' }] }, 'router.default', 'not a configured model'],
    [{ candidates: [{ slug: 'ghost' }] }, 'router.candidates[0].slug', 'not a configured model'],
    [{ candidates: [{ slug: 'm' }, { slug: 'm' }] }, 'router.candidates[1].slug', 'listed twice'],
    [{ enabled: true, candidates: [] }, 'router.candidates', 'at least one candidate'],
    [{ enabled: true, candidates: [{ slug: 'm' }, { slug: 'n' }] }, 'router.classifier', 'needs a classifier'],
  ])('what the router names must exist: %j', (router, path, message) => {
    const text = problemText({ models: [base, { ...base, model: 'n' }], router })
    expect(text).toContain(path)
    expect(text).toContain(message)
  })
})

describe('cursor block', () => {
  test('absent, nothing is set (Composer offers its defaults); present, it renames and lists Cursor models', () => {
    expect(load({ models: [base] }).cursor).toBeUndefined()
    const settings = load({
      models: [base],
      cursor: {
        mode: 'ask',
        models: [
          { id: 'composer-2.5', display_name: 'Composer (work)' },
          { id: 'gpt-5.5-cursor', slug: 'cursor-gpt' },
        ],
      },
    })
    expect(settings.cursor).toEqual({
      mode: 'ask',
      models: [
        { id: 'composer-2.5', slug: 'composer-2-5', displayName: 'Composer (work)' },
        { id: 'gpt-5.5-cursor', slug: 'cursor-gpt', displayName: 'gpt-5.5-cursor' },
      ],
    })
    expect(load({ models: [base], cursor: {} }).cursor).toMatchObject({
      mode: 'auto',
      models: [{ slug: 'composer-2-5' }, { slug: 'composer-2-5-fast' }],
    })
  })

  test.each([
    [{ mode: 'yolo' }, 'cursor.mode'],
    [{ models: [{ slug: 'x' }] }, 'cursor.models[0].id'],
    [{ models: [{ id: 'a', slug: 'Has Spaces' }] }, 'cursor.models[0].slug'],
    [{ models: [{ id: 'a' }, { id: 'a' }] }, 'cursor.models[1]'],
    [{ models: [{ id: 'x', slug: 'm' }] }, "also a configured model's slug"],
  ])('a wrong cursor block %j is refused, naming where', (cursor, where) => {
    expect(problemText({ models: [base], cursor })).toContain(where)
  })
})

describe('errors name the file, the JSON path and what was expected', () => {
  test.each([
    [{ models: [{ provider: 'openai', base_url: 'https://x/v1' }] }, 'models[0].model: required'],
    [{ models: [{ model: '', provider: 'openai' }] }, 'models[0].model: expected a non-empty string'],
    [{ models: [{ model: 'm', base_url: 'https://x/v1' }] }, 'models[0].provider: required'],
    [
      { models: [{ model: 'm', provider: 'gemini', base_url: 'https://x/v1' }] },
      'models[0].provider: expected one of "openai", "generic-chat-completion-api", "anthropic", "responses" or "ollama", got "gemini"',
    ],
    [
      { models: [{ model: 'm', provider: 'generic-chat-completion-api' }] },
      'models[0].base_url: required for provider',
    ],
    [
      { models: [{ ...base, base_url: 'ftp://x' }] },
      'models[0].base_url: expected an http:// or https:// URL, got "ftp://x"',
    ],
    [
      { models: [base, { model: 'm2', provider: 'openai', baseUrl: 42 }] },
      'models[1].baseUrl: expected an http:// or https:// URL, got 42',
    ],
    [
      { customModels: [{ ...base, maxContextLimit: 'lots' }] },
      'customModels[0].maxContextLimit: expected a positive whole number of tokens, got "lots"',
    ],
    [{ models: [{ ...base, max_output_tokens: -5 }] }, 'models[0].max_output_tokens: expected a positive whole number'],
    [
      { models: [{ ...base, max_output_tokens: 1.5 }] },
      'models[0].max_output_tokens: expected a positive whole number',
    ],
    [
      { models: [{ ...base, no_image_support: 'maybe' }] },
      'models[0].no_image_support: expected true or false, got "maybe"',
    ],
    [{ models: [{ ...base, extra_headers: 'X-A: b' }] }, 'models[0].extra_headers: expected an object of header names'],
    [
      { models: [{ ...base, extra_headers: { 'bad header': 'x' } }] },
      'models[0].extra_headers: expected an object of header names',
    ],
    [{ models: [{ ...base, extra_headers: { 'X-A': { nested: 1 } } }] }, 'models[0].extra_headers'],
    [
      { models: [{ ...base, api_key_env: 'not a name' }] },
      'models[0].api_key_env: expected an environment variable name',
    ],
    [{ models: [{ ...base, index: 'first' }] }, 'models[0].index: expected a whole number'],
    [{ models: [{ ...base, display_name: 7 }] }, 'models[0].display_name: expected a non-empty string, got 7'],
    [{ models: [{ ...base, slug: ['a'] }] }, 'models[0].slug: expected a non-empty string, got an array'],
    [{ models: [42] }, 'models[0]: expected a model object or a model name, got 42'],
    [{ models: [null] }, 'models[0]: expected a model object or a model name, got null'],
  ])('%j → %s', (json, expected) => {
    const text = problemText(json)
    expect(text).toContain(FILE)
    expect(text).toContain(expected)
  })

  test('every problem in the file is reported, not only the first', () => {
    const text = problemText({ models: [{ model: 'a' }, { model: 'b', provider: 'x', base_url: 'https://x' }] })
    expect(text).toContain('models[0].provider')
    expect(text).toContain('models[1].provider')
  })

  test('invalid JSON names the file and the line and column', () => {
    const text = problemText('{\n  "models": [\n    {"model": "m",}\n  ]\n}')
    expect(text).toContain(`Settings file ${FILE} is not valid JSON`)
    expect(text).toMatch(/line 3, column \d+/)
  })

  test('a wrongly typed key is never quoted back', () => {
    const text = problemText({ models: [{ ...base, api_key: 12345678901234 }] })
    expect(text).toContain('models[0].api_key: expected a string')
    expect(text).not.toContain('12345678901234')
  })

  test('invalid JSON next to a key does not quote the key', () => {
    const text = problemText('{"models": [{"api_key": "sk-abcdef-secret" "model": "m"}]}')
    expect(text).not.toContain('sk-abcdef-secret')
  })
})
