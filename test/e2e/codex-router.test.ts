import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { runCli } from '../kit/cli-runner'
import { runCodex } from '../kit/codex-cli'
import { runCodexExec } from '../kit/codex-exec'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { MockReply, RecordedRequest } from '../kit/mock-upstream'

const MODELS = [
  { model: 'classifier-model', slug: 'classifier', provider: 'openai' },
  { model: 'cheap-model', slug: 'cheap', provider: 'openai', no_image_support: true },
  { model: 'vision-model', slug: 'vision', provider: 'openai' },
  { model: 'strong-model', slug: 'strong', provider: 'openai' },
]
const ROUTER = {
  enabled: true,
  classifier: 'classifier',
  default: 'strong',
  threshold: 0.7,
  candidates: [
    { slug: 'cheap', cost: 0.2, supports_images: false, card: 'small, fast; renames, one-line fixes' },
    { slug: 'vision', cost: 1, supports_images: true, card: 'mid-size, reads screenshots' },
    { slug: 'strong', cost: 10, supports_images: true, card: 'large; hard debugging, design' },
  ],
}
/** What the mock classifier scores, by a word in the task. */
const SCORES: Record<string, Record<string, number>> = {
  TRIVIAL: { cheap: 0.95, vision: 0.9, strong: 0.99 },
  HARD: { cheap: 0.2, vision: 0.4, strong: 0.9 },
  PICTURE: { cheap: 0.95, vision: 0.8, strong: 0.9 },
  LOOP: { cheap: 0.9, vision: 0.5, strong: 0.95 },
}
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
)

let gateway: GatewayHarness

type ChatBody = { model?: string; messages?: { role: string; content: unknown }[] }
const bodyOf = (request: RecordedRequest) => (request.json ?? {}) as ChatBody
const textOf = (request: RecordedRequest) => JSON.stringify(bodyOf(request).messages ?? [])
const classifierCalls = () =>
  gateway.upstream.requests.filter((request) => bodyOf(request).model === 'classifier-model')
const servedBy = () =>
  gateway.upstream.requests
    .filter((request) => bodyOf(request).model !== 'classifier-model')
    .map((request) => bodyOf(request).model)
const toolResults = (request: RecordedRequest) =>
  (bodyOf(request).messages ?? []).filter((message) => message.role === 'tool').length

/** The classifier answers from SCORES (or fails, or rambles); each candidate names itself, and LOOP runs three steps. */
function answer(request: RecordedRequest): MockReply {
  const body = bodyOf(request)
  if (body.model === 'classifier-model') {
    const task = textOf(request)
    if (task.includes('FAILING'))
      return { kind: 'status', status: 500, body: '{"error":{"message":"classifier down"}}' }
    if (task.includes('GARBAGE')) return { kind: 'chat', text: 'I would probably go with the cheap one, honestly.' }
    const word = Object.keys(SCORES).find((key) => task.includes(key)) ?? 'HARD'
    return {
      kind: 'chat',
      text: `\`\`\`json\n${JSON.stringify({ scores: SCORES[word], reasoning: 'scripted' })}\n\`\`\``,
    }
  }
  if (textOf(request).includes('LOOP') && toolResults(request) < 2) {
    return {
      kind: 'chat',
      toolCalls: [
        {
          id: `call_${toolResults(request)}`,
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: `echo step-${toolResults(request)}` }),
        },
      ],
    }
  }
  return { kind: 'chat', text: `served by ${body.model}` }
}

beforeAll(async () => {
  gateway = await startGatewayHarness({ models: MODELS, settings: { router: ROUTER } })
}, 60_000)
afterAll(async () => {
  await gateway?.stop()
})
let logLinesBefore = 0
beforeEach(async () => {
  gateway.upstream.requests.length = 0
  gateway.upstream.handle(answer)
  logLinesBefore = (await routerLog()).length
})

const routerLog = async () =>
  (await readFile(join(gateway.home.runtimeHome, 'logs', 'router.jsonl'), 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { chosen: string; served: string; why: string; mode: string; task: string })

/** The decision lines this test added, once there are `count` (they are written in the background). */
async function newLogLines(count: number) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const lines = (await routerLog()).slice(logLinesBefore)
    if (lines.length >= count || Date.now() > deadline) return lines
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('the auto router, with the real Codex CLI', () => {
  test('the catalog entry is accepted by `codex debug models`, as wide as the narrowest candidate', async () => {
    const catalog = join(gateway.home.runtimeHome, 'model-catalog.json')
    const run = await runCodex(['debug', 'models', '-c', `model_catalog_json=${JSON.stringify(catalog)}`])
    expect(run.exitCode, run.stderr).toBe(0)
    const models = (
      JSON.parse(run.stdout) as { models: { slug: string; display_name: string; input_modalities?: string[] }[] }
    ).models
    expect(models.find((model) => model.slug === 'codex-auto')).toMatchObject({
      display_name: 'Auto (smart routing)',
      input_modalities: ['text', 'image'],
    })
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as { auto_router?: unknown }
    expect(health.auto_router).toEqual({ enabled: true, slug: 'codex-auto', mode: 'route', candidates: 3 })
  })

  test('a trivial task goes to the cheap model, a hard one to the strong one', async () => {
    const trivial = await runCodexExec({ gateway, model: 'codex-auto', prompt: 'TRIVIAL: rename foo to bar' })
    expect(trivial.exitCode, trivial.stderr).toBe(0)
    expect(trivial.lastMessage).toContain('served by cheap-model')
    const hard = await runCodexExec({ gateway, model: 'codex-auto', prompt: 'HARD: find the race in the scheduler' })
    expect(hard.exitCode, hard.stderr).toBe(0)
    expect(hard.lastMessage).toContain('served by strong-model')
    expect(classifierCalls()).toHaveLength(2)
    // The classifier is told what each candidate can do, never what it costs.
    expect(textOf(classifierCalls()[0] as RecordedRequest)).toContain('renames, one-line fixes')
    expect(textOf(classifierCalls()[0] as RecordedRequest)).not.toContain('0.2')
  }, 120_000)

  test('a task with an image goes to the image-capable candidate, even when a cheaper text-only one scores higher', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'codex-router-image-'))
    await writeFile(join(workDir, 'shot.png'), PNG_1X1)
    const run = await runCodexExec({
      gateway,
      model: 'codex-auto',
      prompt: 'PICTURE: what does this screenshot show?',
      args: ['-i', join(workDir, 'shot.png')],
      workDir,
    })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.lastMessage).toContain('served by vision-model')
    expect((await newLogLines(1)).at(-1)).toMatchObject({ chosen: 'vision', why: 'images' })
  }, 120_000)

  test('a three-step tool loop stays on one model and asks the classifier once', async () => {
    const run = await runCodexExec({ gateway, model: 'codex-auto', prompt: 'LOOP: run the steps' })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.lastMessage).toContain('served by cheap-model')
    expect(servedBy()).toEqual(['cheap-model', 'cheap-model', 'cheap-model'])
    expect(classifierCalls()).toHaveLength(1)
  }, 120_000)

  test('the next user turn in the same thread is classified again', async () => {
    const codexHome = await mkdtemp(join(tmpdir(), 'codex-home-router-'))
    const workDir = await mkdtemp(join(tmpdir(), 'codex-work-router-'))
    const first = await runCodexExec({ gateway, model: 'codex-auto', prompt: 'TRIVIAL: rename it', codexHome, workDir })
    expect(first.lastMessage).toContain('served by cheap-model')
    const thread = (first.events.find((event) => event.type === 'thread.started') as { thread_id?: string } | undefined)
      ?.thread_id
    const second = await runCodexExec({
      gateway,
      model: 'codex-auto',
      prompt: 'HARD: now redesign the module',
      codexHome,
      workDir,
      resume: thread,
    })
    expect(second.exitCode, second.stderr).toBe(0)
    expect(second.lastMessage).toContain('served by strong-model')
    expect(classifierCalls()).toHaveLength(2)
  }, 120_000)

  test.each([
    ['answers 500', 'FAILING'],
    ['answers garbage', 'GARBAGE'],
  ])(
    'a classifier that %s: the default serves and Codex succeeds',
    async (_, word) => {
      const run = await runCodexExec({ gateway, model: 'codex-auto', prompt: `${word}: rename foo` })
      expect(run.exitCode, run.stderr).toBe(0)
      expect(run.lastMessage).toContain('served by strong-model')
      expect((await newLogLines(1)).at(-1)).toMatchObject({ served: 'strong', why: 'default' })
    },
    120_000,
  )

  test('a decision survives a daemon restart', async () => {
    const headers = {
      ...gateway.authHeaders,
      'content-type': 'application/json',
      'session-id': 'thread-restart',
      'x-codex-turn-metadata': JSON.stringify({ turn_id: 'turn-restart' }),
    }
    const request = () =>
      fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: 'codex-auto', input: 'TRIVIAL: rename x', stream: false }),
      })
    const before = await request()
    expect(before.headers.get('x-codex-shim-routed-to')).toBe('cheap')
    await before.text()
    const restarted = await runCli(['restart', '--port', String(gateway.port)], gateway.home.env)
    expect(restarted.exitCode, restarted.stderr).toBe(0)
    // The scores change; a remembered decision must not ask again.
    gateway.upstream.handle((recorded) =>
      bodyOf(recorded).model === 'classifier-model'
        ? { kind: 'chat', text: JSON.stringify({ scores: { cheap: 0, vision: 0, strong: 1 } }) }
        : answer(recorded),
    )
    const after = await request()
    expect(after.headers.get('x-codex-shim-routed-to')).toBe('cheap')
    await after.text()
    expect(classifierCalls()).toHaveLength(1)
    expect((await newLogLines(2)).at(-1)).toMatchObject({ chosen: 'cheap', why: 'cached' })
  }, 120_000)

  test('shadow mode serves the default and logs the choice it would have made', async () => {
    await writeFile(
      join(gateway.home.runtimeHome, 'models.json'),
      JSON.stringify({
        models: MODELS.map((row) => ({ base_url: `${gateway.upstream.url}/v1`, ...row })),
        router: { ...ROUTER, mode: 'shadow' },
      }),
    )
    const run = await runCodexExec({ gateway, model: 'codex-auto', prompt: 'TRIVIAL: rename foo' })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.lastMessage).toContain('served by strong-model')
    expect((await newLogLines(1)).at(-1)).toMatchObject({
      mode: 'shadow',
      chosen: 'cheap',
      served: 'strong',
      why: 'threshold',
    })
  }, 120_000)

  test('the CLI shows the router and reports what it decided', async () => {
    const listed = await runCli(['list', '--json'], gateway.home.env)
    expect((JSON.parse(listed.stdout) as { slug: string; route: string }[])[0]).toMatchObject({
      slug: 'codex-auto',
      route: 'auto router over 3 candidates',
    })
    const used = await runCli(['model', 'use', 'codex-auto', '--port', String(gateway.port)], gateway.home.env)
    expect(used.exitCode, used.stderr).toBe(0)
    expect(await readFile(join(gateway.home.codexHome, 'config.toml'), 'utf8')).toContain('model = "codex-auto"')
    const status = await runCli(['router', 'status'], gateway.home.env)
    expect(status.stdout).toContain('codex-auto')
    expect(status.stdout).toMatch(/cheap\s+cost\s+0\.2\/M/)
    const report = await runCli(['router', 'report', '--json'], gateway.home.env)
    expect(report.exitCode, report.stderr).toBe(0)
    const parsed = JSON.parse(report.stdout) as {
      models: { slug: string; decided: number }[]
      cacheHits: number
      classifierFailures: number
    }
    expect(parsed.models.map((model) => model.slug)).toEqual(expect.arrayContaining(['cheap', 'strong', 'vision']))
    expect(parsed.cacheHits).toBeGreaterThanOrEqual(1)
    expect(parsed.classifierFailures).toBeGreaterThanOrEqual(2)
  }, 60_000)
})
