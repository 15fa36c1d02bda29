import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
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
  // The classifier is not a candidate: its price for `router report` is its own.
  classifier_cost: 0.05,
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
  PAUSE: { cheap: 0.9, vision: 0.5, strong: 0.95 },
}
/** The tool PAUSE runs: it says it started, then waits for the test to let it finish (after a daemon restart). */
const PAUSE_COMMAND = 'touch paused && while [ ! -f resume ]; do sleep 0.1; done && echo resumed'
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
    // A good answer, but far later than the timeout_ms the timeout test sets.
    if (task.includes('SLOW')) return { kind: 'status', status: 200, body: { choices: [] }, delayMs: 15_000 }
    const word = Object.keys(SCORES).find((key) => task.includes(key)) ?? 'HARD'
    return {
      kind: 'chat',
      text: `\`\`\`json\n${JSON.stringify({ scores: SCORES[word], reasoning: 'scripted' })}\n\`\`\``,
      usage: { prompt_tokens: 120, completion_tokens: 30 },
    }
  }
  if (textOf(request).includes('PAUSE') && toolResults(request) === 0) {
    return {
      kind: 'chat',
      toolCalls: [
        {
          id: 'call_pause',
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: PAUSE_COMMAND, yield_time_ms: 30_000 }),
        },
      ],
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

/** Rewrites models.json with router overrides (the daemon reads it again on the next request). */
const writeRouter = (overrides: Record<string, unknown> = {}) =>
  writeFile(
    join(gateway.home.runtimeHome, 'models.json'),
    JSON.stringify({
      models: MODELS.map((row) => ({ base_url: `${gateway.upstream.url}/v1`, ...row })),
      router: { ...ROUTER, ...overrides },
    }),
  )
afterEach(async () => {
  await writeRouter()
})

const routerLog = async () =>
  (await readFile(join(gateway.home.runtimeHome, 'logs', 'router.jsonl'), 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RouterLine)

interface RouterLine {
  chosen: string
  served: string
  why: string
  mode: string
  task: string
  classifier?: { slug: string; ms: number; error?: string }
}

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
    await writeRouter({ mode: 'shadow' })
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
    expect(status.stdout).toContain('classifier classifier (cost 0.05/M)')
    const report = await runCli(['router', 'report', '--json'], gateway.home.env)
    expect(report.exitCode, report.stderr).toBe(0)
    const parsed = JSON.parse(report.stdout) as {
      models: { slug: string; decided: number }[]
      cacheHits: number
      classifierFailures: number
      classifier: { slugs: string[]; calls: number; inputTokens: number; outputTokens: number; cost: number | null }
      unpriced: string[]
    }
    expect(parsed.models.map((model) => model.slug)).toEqual(expect.arrayContaining(['cheap', 'strong', 'vision']))
    expect(parsed.cacheHits).toBeGreaterThanOrEqual(1)
    expect(parsed.classifierFailures).toBeGreaterThanOrEqual(2)
    // The classifier's tokens at router.classifier_cost ($0.05/M): priced, though it is no candidate.
    const { classifier } = parsed
    expect(classifier.slugs).toEqual(['classifier'])
    expect(classifier.inputTokens).toBeGreaterThanOrEqual(120 * 6)
    expect(classifier.cost).toBeCloseTo(((classifier.inputTokens + classifier.outputTokens) * 0.05) / 1_000_000, 12)
    expect(classifier.cost).toBeGreaterThan(0)
    expect(parsed.unpriced).toEqual([])
    const table = await runCli(['router', 'report'], gateway.home.env)
    expect(table.stdout).toMatch(/\(classifier classifier\) +\d+ +\d+ +\d+ +\$0\.\d{4}\n/)
    expect(table.stdout).toMatch(/Estimated cost \$\d+\.\d{4}; always using strong would have cost \$\d+\.\d{4}/)
    expect(table.stdout).not.toContain('unpriced')
  }, 60_000)
})

const gatewayLog = () => readFile(join(gateway.home.runtimeHome, 'logs', 'gateway.log'), 'utf8').catch(() => '')

/** Request-log text written after `offset`, once it holds every pattern (the daemon writes it in the background). */
async function newGatewayLog(offset: number, patterns: RegExp[]): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const text = (await gatewayLog()).slice(offset)
    if (patterns.every((pattern) => pattern.test(text)) || Date.now() > deadline) return text
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (
    !(await access(path).then(
      () => true,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** A request for one Codex turn, sent by hand (so it can be repeated across a restart). */
const turnRequest = (thread: string, turn: string, text: string) => () =>
  fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: {
      ...gateway.authHeaders,
      'content-type': 'application/json',
      'session-id': thread,
      'x-codex-turn-metadata': JSON.stringify({ turn_id: turn }),
    },
    body: JSON.stringify({ model: 'codex-auto', input: text, stream: false }),
  })

/** From now on the classifier would pick the strong model: a decision that is remembered does not ask it. */
const classifierNowPrefersStrong = () =>
  gateway.upstream.handle((recorded) =>
    bodyOf(recorded).model === 'classifier-model'
      ? { kind: 'chat', text: JSON.stringify({ scores: { cheap: 0, vision: 0, strong: 1 } }) }
      : answer(recorded),
  )

describe('the auto router: timeouts, cache off, explain, the other doors, restarts', () => {
  test('a classifier that times out (timeout_ms): the default serves, and router.jsonl says why', async () => {
    await writeRouter({ timeout_ms: 1500 })
    const run = await runCodexExec({ gateway, model: 'codex-auto', prompt: 'SLOW: rename foo' })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.lastMessage).toContain('served by strong-model')
    const line = (await newLogLines(1)).at(-1)
    expect(line).toMatchObject({
      chosen: 'strong',
      served: 'strong',
      why: 'default',
      classifier: { slug: 'classifier' },
    })
    expect(line?.classifier?.error).toMatch(/timed out/i)
    expect(line?.classifier?.ms).toBeGreaterThanOrEqual(1400)
    expect(line?.classifier?.ms).toBeLessThan(15_000)
    expect(classifierCalls()).toHaveLength(1)
  }, 120_000)

  test('cache: false keeps one task on one model, but remembers nothing past a restart', async () => {
    await writeRouter({ cache: false })
    const loop = await runCodexExec({ gateway, model: 'codex-auto', prompt: 'LOOP: run the steps' })
    expect(loop.exitCode, loop.stderr).toBe(0)
    expect(servedBy()).toEqual(['cheap-model', 'cheap-model', 'cheap-model'])
    expect(classifierCalls()).toHaveLength(1)

    const request = turnRequest('thread-no-cache', 'turn-no-cache', 'TRIVIAL: rename y')
    for (const expected of ['cheap', 'cheap']) {
      const response = await request()
      expect(response.headers.get('x-codex-shim-routed-to')).toBe(expected)
      await response.text()
    }
    expect(classifierCalls()).toHaveLength(2)
    const restarted = await runCli(['restart', '--port', String(gateway.port)], gateway.home.env)
    expect(restarted.exitCode, restarted.stderr).toBe(0)
    classifierNowPrefersStrong()
    const after = await request()
    expect(after.headers.get('x-codex-shim-routed-to')).toBe('strong')
    await after.text()
    expect(classifierCalls()).toHaveLength(3)
    // Three lines for the loop, three for the hand-sent turn (the last is written in the background).
    expect((await newLogLines(6)).slice(-3)).toMatchObject([
      { chosen: 'cheap', why: 'threshold' },
      { chosen: 'cheap', why: 'cached' },
      { chosen: 'strong', why: 'threshold' },
    ])
  }, 120_000)

  test('router explain classifies one task live; with --image the text-only candidate is out', async () => {
    const explain = (...flags: string[]) =>
      runCli(
        ['router', 'explain', 'PICTURE: what is on the screen?', '--port', String(gateway.port), ...flags],
        gateway.home.env,
      )
    const plain = await explain()
    expect(plain.exitCode, plain.stderr).toBe(0)
    expect(plain.stdout).toMatch(/classifier classifier: \d+ ms, \d+ in \/ \d+ out tokens/)
    expect(plain.stdout).toMatch(/cheap\s+0\.95\s+cost 0\.2\/M\s+<- chosen/)
    expect(plain.stdout).toMatch(/vision\s+0\.80\s+cost 1\/M\n/)
    expect(plain.stdout).toContain('choice: cheap (threshold')
    const withImage = await explain('--image')
    expect(withImage.exitCode, withImage.stderr).toBe(0)
    expect(withImage.stdout).toMatch(/vision\s+0\.80\s+cost 1\/M\s+<- chosen/)
    expect(withImage.stdout).toContain('choice: vision (images')
    expect(classifierCalls()).toHaveLength(2)
    expect(textOf(classifierCalls()[0] as RecordedRequest)).toContain('images: no')
    expect(textOf(classifierCalls()[1] as RecordedRequest)).toContain('images: yes')
    // It asks the classifier only: no candidate serves anything, and no decision is logged.
    expect(servedBy()).toEqual([])
    expect(await newLogLines(0)).toEqual([])
  }, 60_000)

  test.each([
    ['/v1/chat/completions', { stream: false, messages: [{ role: 'user', content: 'TRIVIAL: the chat door' }] }],
    ['/v1/messages', { max_tokens: 256, messages: [{ role: 'user', content: 'TRIVIAL: the messages door' }] }],
    [
      '/v1/responses/compact',
      { input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'TRIVIAL: compact me' }] }] },
    ],
  ])(
    '%s is routed: the response names the model, the request log says route=auto:<slug>',
    async (path, body) => {
      const offset = (await gatewayLog()).length
      const response = await fetch(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { ...gateway.authHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'codex-auto', ...body }),
      })
      const text = await response.text()
      expect(response.status, text).toBe(200)
      expect(response.headers.get('x-codex-shim-routed-to')).toBe('cheap')
      expect(servedBy()).toEqual(['cheap-model'])
      expect(classifierCalls()).toHaveLength(1)
      const escaped = path.replace(/\//g, '\\/')
      const served = new RegExp(`POST ${escaped} status=200 slug=codex-auto route=auto:cheap `)
      const classifier = /POST \(router classifier\) status=200 slug=classifier route=router-classifier tokens=120\/30 /
      const log = await newGatewayLog(offset, [served, classifier])
      expect(log).toMatch(served)
      expect(log).toMatch(classifier)
      expect((await newLogLines(1)).at(-1)).toMatchObject({ chosen: 'cheap', served: 'cheap', why: 'threshold' })
    },
    60_000,
  )

  test('a decision survives a daemon restart in the middle of a real Codex turn', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'codex-router-restart-'))
    const running = runCodexExec({
      gateway,
      model: 'codex-auto',
      prompt: 'PAUSE: run the one step',
      workDir,
      // The restart closes Codex's pooled connection; a retry must not be what this test measures, but it may
      // need one to reconnect.
      config: { 'model_providers.shim.request_max_retries': 2 },
    })
    await waitForFile(join(workDir, 'paused'), 60_000)
    expect(servedBy()).toEqual(['cheap-model'])
    const restarted = await runCli(['restart', '--port', String(gateway.port)], gateway.home.env)
    expect(restarted.exitCode, restarted.stderr).toBe(0)
    classifierNowPrefersStrong()
    await writeFile(join(workDir, 'resume'), '')
    const run = await running
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.lastMessage).toContain('served by cheap-model')
    expect(servedBy()).toEqual(['cheap-model', 'cheap-model'])
    expect(classifierCalls()).toHaveLength(1)
    expect((await newLogLines(2)).slice(-2)).toMatchObject([
      { chosen: 'cheap', why: 'threshold' },
      { chosen: 'cheap', why: 'cached' },
    ])
  }, 150_000)
})
