import { env } from 'cloudflare:test'
import { describe, expect, test } from 'vitest'
import type { ResolvedModel } from '../../../shared/host-protocol'
import { activeRouter } from '../../../shared/router/router-candidates'
import type { RouterConfig } from '../../../shared/settings'
import { decisionKey } from '../../../worker/router/decision-cache'
import { routeAutoTask, type AutoRouteDeps, type RouterLogLine } from '../../../worker/router/route-auto'
import { taskIdentity } from '../../../worker/router/task-identity'
import { model } from '../helpers/gateway'

const models: ResolvedModel[] = [model({ slug: 'classifier' }), model({ slug: 'cheap' }), model({ slug: 'strong' })]
const router = (overrides: Partial<RouterConfig> = {}): RouterConfig => ({
  enabled: true,
  slug: 'codex-auto',
  displayName: 'Auto',
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
  ...overrides,
})
const turn = (id: string, input: unknown[] = [{ type: 'message', role: 'user', content: 'do it' }]) => ({
  headers: new Headers({ 'session-id': `thread-${id}`, 'x-codex-turn-metadata': JSON.stringify({ turn_id: id }) }),
  body: { input },
  bodyBytes: 100,
})

function deps(answer: string | Error): AutoRouteDeps & { calls: number; lines: RouterLogLine[] } {
  const state = { calls: 0, lines: [] as RouterLogLine[] }
  return Object.assign(state, {
    classify: async () => {
      state.calls++
      if (answer instanceof Error) throw answer
      return {
        text: answer,
        usage: {
          input_tokens: 50,
          output_tokens: 10,
          total_tokens: 60,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens_details: { reasoning_tokens: 0 },
        },
      }
    },
    log: (line: RouterLogLine) => {
      state.lines.push(line)
    },
    kv: (env as { ROUTER_CACHE: KVNamespace }).ROUTER_CACHE,
  })
}

const active = (config: RouterConfig) => {
  const found = activeRouter(config, models, false)
  if (!found) throw new Error('router not active')
  return found
}

describe('routeAutoTask', () => {
  test('classifies a task once and keeps its model for every round trip', async () => {
    const d = deps('{"scores": {"cheap": 0.9, "strong": 1}}')
    const first = await routeAutoTask(active(router()), models, turn('loop'), d)
    const second = await routeAutoTask(
      active(router()),
      models,
      turn('loop', [
        { type: 'message', role: 'user', content: 'do it' },
        { type: 'function_call_output', call_id: 'c', output: 'x' },
      ]),
      d,
    )
    expect([first.model.slug, second.model.slug]).toEqual(['cheap', 'cheap'])
    expect(d.calls).toBe(1)
    expect(d.lines.map((line) => line.why)).toEqual(['threshold', 'cached'])
    expect(d.lines[0]?.classifier).toMatchObject({ slug: 'classifier', inputTokens: 50, outputTokens: 10 })
  })

  test.each([
    ['an error', new Error('upstream 500')],
    ['garbage', 'I think the cheap one'],
  ])('a classifier answering %s serves the default, logged', async (_, answer) => {
    const d = deps(answer)
    const { model: served, line } = await routeAutoTask(active(router()), models, turn(`fail-${String(answer)}`), d)
    expect(served.slug).toBe('strong')
    expect(line).toMatchObject({ why: 'default', served: 'strong' })
    expect(line.classifier?.error).toBeTruthy()
  })

  test('shadow mode serves the default and logs the choice it would have made', async () => {
    const d = deps('{"scores": {"cheap": 0.9, "strong": 0.9}}')
    const { model: served, line } = await routeAutoTask(active(router({ mode: 'shadow' })), models, turn('shadow'), d)
    expect(served.slug).toBe('strong')
    expect(line).toMatchObject({ mode: 'shadow', chosen: 'cheap', served: 'strong', why: 'threshold' })
  })

  test('a single candidate is chosen without calling the classifier', async () => {
    const d = deps('{}')
    const { model: served, line } = await routeAutoTask(
      active(router({ candidates: [{ slug: 'cheap', supportsImages: true }], default: undefined })),
      models,
      turn('single'),
      d,
    )
    expect(served.slug).toBe('cheap')
    expect(line.why).toBe('single')
    expect(d.calls).toBe(0)
  })

  test('the decision is in KV under a hashed key, holding no task text', async () => {
    const d = deps('{"scores": {"cheap": 1, "strong": 1}}')
    await routeAutoTask(
      active(router()),
      models,
      turn('kv', [{ type: 'message', role: 'user', content: 'SECRET-TASK-TEXT' }]),
      d,
    )
    const keys = (await d.kv?.list({ prefix: 'router:v1:' }))?.keys ?? []
    const values = await Promise.all(keys.map((key) => d.kv?.get(key.name)))
    expect(values.some((value) => value?.includes('"slug":"cheap"'))).toBe(true)
    expect(JSON.stringify([keys, values])).not.toContain('SECRET-TASK-TEXT')
    expect(JSON.stringify(d.lines)).not.toContain('SECRET-TASK-TEXT')
  })

  test('cache: false keeps the task on one model in the isolate, but writes nothing to KV', async () => {
    const d = deps('{"scores": {"cheap": 1, "strong": 1}}')
    const config = router({ cache: false })
    const task = turn('no-kv')
    const first = await routeAutoTask(active(config), models, task, d)
    const second = await routeAutoTask(active(config), models, task, d)
    expect([first.model.slug, second.model.slug]).toEqual(['cheap', 'cheap'])
    expect(d.calls).toBe(1)
    expect(d.lines.map((line) => line.why)).toEqual(['threshold', 'cached'])
    const key = await decisionKey(JSON.stringify(config), taskIdentity(task.headers, task.body))
    expect(await d.kv?.get(key)).toBeNull()
    expect(
      await d.kv?.get(await decisionKey(JSON.stringify(router()), taskIdentity(task.headers, task.body))),
    ).toBeNull()
  })
})
