import { beforeEach, describe, expect, test } from 'vitest'
import type { SettingsSnapshot } from '../../../shared/host-protocol'
import { recordActivity } from '../../../worker/activity/activity-log'
import { resetActivityForTests } from '../../../worker/activity/activity-log'
import { callGateway, model } from '../helpers/gateway'
import { signIn } from './picker-kit'

const SECRET = 'sk-picker-never-shown-98765'
const snapshot: SettingsSnapshot = {
  ok: true,
  chatgptPassthrough: 'available',
  managedModel: 'claude',
  models: [
    model({
      slug: 'deepseek',
      displayName: 'DeepSeek V4',
      baseUrl: 'https://user:pw@api.deepseek.com:8443/v1/path?key=q',
      apiKey: SECRET,
      maxContextLimit: 131_072,
    }),
    model({
      slug: 'claude',
      displayName: 'Claude',
      provider: 'anthropic',
      baseUrl: 'https://api.anthropic.com/v1',
      apiKeyEnv: 'ANTHROPIC_API_KEY',
      missingApiKeyEnv: 'ANTHROPIC_API_KEY',
      noImageSupport: true,
      index: 1,
    }),
    model({ slug: 'local', displayName: 'Local Llama', baseUrl: 'http://127.0.0.1:11434/v1', index: 2 }),
  ],
}

beforeEach(() => resetActivityForTests())

async function modelsBody(bindings = {}) {
  const cookie = await signIn(bindings)
  const response = await callGateway('/api/models', { token: null, headers: { cookie }, snapshot, bindings })
  expect(response.status).toBe(200)
  return {
    text: await response.clone().text(),
    body: (await response.json()) as { active?: string; can_switch: boolean; models: Record<string, unknown>[] },
  }
}

describe('GET /api/models', () => {
  test('lists every model the catalog lists, in its order, passthrough first', async () => {
    const { body } = await modelsBody()
    expect(body.models.map((row) => row.slug)).toEqual(['gpt-5.5', 'deepseek', 'claude', 'local'])
    expect(body.active).toBe('claude')
    expect(body.can_switch).toBe(true)
  })

  test('shows the route as provider kind and host only, never a path, query, user info or key', async () => {
    const { body, text } = await modelsBody()
    expect(body.models.map((row) => row.route)).toEqual([
      { kind: 'chatgpt', host: 'chatgpt.com' },
      { kind: 'generic-chat-completion-api', host: 'api.deepseek.com:8443' },
      { kind: 'anthropic', host: 'api.anthropic.com' },
      { kind: 'generic-chat-completion-api', host: '127.0.0.1:11434' },
    ])
    for (const leak of [SECRET, 'user:pw', '/v1/path', 'key=q', 'backend-api']) expect(text).not.toContain(leak)
  })

  test('gives context window, images and key state per model', async () => {
    const { body } = await modelsBody()
    expect(body.models[1]).toMatchObject({
      display_name: 'DeepSeek V4',
      context_window: 131_072,
      images: true,
      key: 'present',
    })
    expect(body.models[2]).toMatchObject({ images: false, key: 'missing', missing_key_env: 'ANTHROPIC_API_KEY' })
    expect(body.models[3]).toMatchObject({ key: 'not_needed' })
  })

  test('carries the last request of each model, ok or failed, with its time', async () => {
    const at = Date.now()
    const finished = (slug: string, status: number, failureCode?: string) => ({
      method: 'POST',
      path: '/v1/responses',
      summary: { slug },
      outcome: { status, failureCode },
      startedAt: at,
      headMs: 5,
      totalMs: 10,
    })
    recordActivity(finished('deepseek', 200))
    recordActivity(finished('claude', 200, 'rate_limit_exceeded'))
    const { body } = await modelsBody()
    expect(body.models[1]?.last_request).toEqual({ at: new Date(at + 10).toISOString(), ok: true, status: 200 })
    expect(body.models[2]?.last_request).toMatchObject({ ok: false, error_code: 'rate_limit_exceeded' })
    expect(body.models[3]?.last_request).toBeUndefined()
  })

  test('deployed it says switching is not available here, and why', async () => {
    const bindings = {
      HOST: undefined,
      CODEX_SHIM_ACCESS_TOKEN: 'team-bearer-secret-1234',
      CODEX_SHIM_ALLOWED_HOSTS: '',
    }
    const cookie = await signIn(bindings, 'team-bearer-secret-1234')
    const body = (await (await callGateway('/api/models', { token: null, headers: { cookie }, bindings })).json()) as {
      can_switch: boolean
      switch_unavailable_reason: string
    }
    expect(body.can_switch).toBe(false)
    expect(body.switch_unavailable_reason).toContain('deployed')
  })
})
