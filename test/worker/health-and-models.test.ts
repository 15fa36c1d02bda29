import { describe, expect, test } from 'vitest'
import { VERSION } from '../../shared/constants'
import type { SettingsSnapshot } from '../../shared/host-protocol'
import { callGateway, errorOf, model } from './helpers/gateway'

const SECRET = 'sk-live-do-not-leak-123456'

const twoModels: SettingsSnapshot = {
  ok: true,
  chatgptPassthrough: 'available',
  models: [
    model({ slug: 'deepseek-v4', model: 'deepseek-v4-pro', apiKey: SECRET, maxContextLimit: 131_072, index: 0 }),
    model({
      slug: 'claude',
      model: 'claude-opus-4-7',
      provider: 'anthropic',
      apiKey: SECRET,
      noImageSupport: true,
      index: 1,
    }),
  ],
}

describe('GET /health', () => {
  test('counts configured models plus the passthrough, and reports the version', async () => {
    const response = await callGateway('/health', { snapshot: twoModels })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ok: true, models: 3, chatgpt_passthrough: true, version: VERSION })
  })

  test('without a Codex login the passthrough is not counted', async () => {
    const response = await callGateway('/health', { snapshot: { ...twoModels, chatgptPassthrough: 'logged_out' } })
    expect(await response.json()).toMatchObject({ ok: true, models: 2, chatgpt_passthrough: false })
  })

  test('a configured model named gpt-5.5 hides the passthrough entry', async () => {
    const snapshot: SettingsSnapshot = {
      ok: true,
      chatgptPassthrough: 'available',
      models: [model({ slug: 'gpt-5.5' })],
    }
    expect(await (await callGateway('/health', { snapshot })).json()).toMatchObject({
      models: 1,
      chatgpt_passthrough: false,
    })
  })

  test('a broken models.json is reported with 503 and the problem, not hidden', async () => {
    const snapshot: SettingsSnapshot = {
      ok: false,
      message: 'Settings file /x/models.json is not valid JSON: Unexpected end',
    }
    const response = await callGateway('/health', { snapshot })
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ ok: false, error: expect.stringContaining('/x/models.json') })
  })

  test('never includes a key', async () => {
    expect(await (await callGateway('/health', { snapshot: twoModels })).text()).not.toContain(SECRET)
  })
})

describe('GET /v1/models', () => {
  test('serves the OpenAI list and the Codex catalog in one body', async () => {
    const response = await callGateway('/v1/models', { snapshot: twoModels })
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      object: string
      data: { id: string; owned_by: string }[]
      models: { slug: string }[]
    }
    expect(body.object).toBe('list')
    expect(body.data.map((entry) => [entry.id, entry.owned_by])).toEqual([
      ['gpt-5.5', 'chatgpt'],
      ['deepseek-v4', 'codex-shim'],
      ['claude', 'codex-shim'],
    ])
    expect(body.models.map((entry) => entry.slug)).toEqual(['gpt-5.5', 'deepseek-v4', 'claude'])
  })

  test('carries each model’s real context window and image support', async () => {
    const body = (await (await callGateway('/v1/models', { snapshot: twoModels })).json()) as {
      models: { slug: string; context_window: number; input_modalities: string[] }[]
    }
    const deepseek = body.models.find((entry) => entry.slug === 'deepseek-v4')
    const claude = body.models.find((entry) => entry.slug === 'claude')
    expect(deepseek?.context_window).toBe(131_072)
    expect(claude?.input_modalities).toEqual(['text'])
  })

  test('never includes a key, a base URL or a header', async () => {
    const snapshot: SettingsSnapshot = {
      ...twoModels,
      models: [
        model({
          slug: 'm',
          apiKey: SECRET,
          baseUrl: 'https://host.example/key-in-path',
          extraHeaders: { 'x-secret': SECRET },
        }),
      ],
    }
    const text = await (await callGateway('/v1/models', { snapshot })).text()
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain('key-in-path')
  })

  test('lists only configured models when the user is not logged in to Codex', async () => {
    const body = (await (
      await callGateway('/v1/models', { snapshot: { ...twoModels, chatgptPassthrough: 'logged_out' } })
    ).json()) as {
      data: { id: string }[]
    }
    expect(body.data.map((entry) => entry.id)).toEqual(['deepseek-v4', 'claude'])
  })

  test('GET /v1/models/<slug> describes one model', async () => {
    const response = await callGateway('/v1/models/deepseek-v4', { snapshot: twoModels })
    expect(await response.json()).toMatchObject({ id: 'deepseek-v4', object: 'model', owned_by: 'codex-shim' })
  })

  test('an unknown slug is a JSON 404 that lists the available slugs', async () => {
    const response = await callGateway('/v1/models/nope', { snapshot: twoModels })
    expect(response.status).toBe(404)
    const error = await errorOf(response)
    expect(error.code).toBe('model_not_found')
    expect(error.message).toContain('deepseek-v4')
  })
})

describe('unknown routes and models', () => {
  test('an unknown route is a JSON 404', async () => {
    const response = await callGateway('/v2/whatever')
    expect(response.status).toBe(404)
    expect(await errorOf(response)).toMatchObject({ code: 'route_not_found', type: 'not_found_error' })
  })

  test('POST /v1/responses with an unknown model is a JSON 404', async () => {
    const response = await callGateway('/v1/responses', {
      snapshot: twoModels,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'missing-model', input: [] }),
    })
    expect(response.status).toBe(404)
    expect((await errorOf(response)).message).toContain('missing-model')
  })

  test('a model is also found by its unique upstream name', async () => {
    const response = await callGateway('/v1/models/claude-opus-4-7', { snapshot: twoModels })
    expect(await response.json()).toMatchObject({ id: 'claude' })
  })

  test('gpt-5.5 without a Codex login is a 401 that says to run codex login', async () => {
    const response = await callGateway('/v1/responses', {
      snapshot: { ...twoModels, chatgptPassthrough: 'logged_out' },
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5.5', input: [] }),
    })
    expect(response.status).toBe(401)
    expect((await errorOf(response)).message).toContain('codex login')
  })

  test('a request without a model is a 400 naming the field', async () => {
    const response = await callGateway('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: [] }),
    })
    expect(response.status).toBe(400)
    expect((await errorOf(response)).message).toMatch(/^model: expected a string/)
  })

  test('an invalid models.json turns routed requests into a 500 that names the file', async () => {
    const response = await callGateway('/v1/models', {
      snapshot: { ok: false, message: 'Settings file /x/models.json has a problem' },
    })
    expect(response.status).toBe(500)
    expect((await errorOf(response)).message).toContain('/x/models.json')
  })
})
