import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../kit/cli-runner'
import { runCodexExec } from '../kit/codex-exec'
import {
  FAKE_CURSOR_AGENT_BIN,
  makeFakeCursorAgent,
  type FakeCursorAgent,
  type FakeCursorControl,
} from '../kit/fake-cursor-agent'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'

const FIXTURE = new URL('../../../shared/fixtures/cursor-stream/sleep-shell-read.ndjson', import.meta.url)
const SESSION = '62266120-d0f6-4312-a348-de84c0d50839'
let fake: FakeCursorAgent
let gateway: GatewayHarness
let finalText: string
let usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }

beforeAll(async () => {
  const lines = (await readFile(FIXTURE, 'utf8')).split('\n').filter((line) => line.includes('"type":"result"'))
  const result = JSON.parse(lines[0] ?? '{}') as { result: string; usage: typeof usage }
  finalText = result.result
  usage = result.usage
  fake = await makeFakeCursorAgent()
  gateway = await startGatewayHarness({
    models: [{ model: 'byok-model', slug: 'byok', provider: 'openai' }],
    // A key in the daemon's environment must not reach cursor-agent: the user's login is what Composer runs on.
    env: { ...fake.env, CURSOR_API_KEY: 'crsr_not_for_the_child' },
  })
}, 60_000)
afterAll(async () => {
  await gateway?.stop()
})

type Item = { type?: string; text?: string; command?: string }
const items = (events: Record<string, unknown>[]) =>
  events.filter((event) => event.type === 'item.completed').map((event) => event.item as Item)
const threadOf = (events: Record<string, unknown>[]) =>
  (events.find((event) => event.type === 'thread.started') as { thread_id?: string } | undefined)?.thread_id

describe("Cursor's Composer through cursor-agent, with the real Codex CLI", () => {
  test('the catalog offers Composer and /health says cursor-agent is available', async () => {
    const catalog = JSON.parse(await readFile(join(gateway.home.runtimeHome, 'model-catalog.json'), 'utf8')) as {
      models: { slug: string; display_name: string }[]
    }
    expect(catalog.models).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ slug: 'composer-2-5', display_name: 'Composer 2.5' }),
        expect.objectContaining({ slug: 'composer-2-5-fast' }),
      ]),
    )
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as { cursor_passthrough?: string }
    expect(health.cursor_passthrough).toBe('available')
  })

  test("answers with the exact text, shows reasoning and Cursor's tool activity as reasoning, runs no tool in Codex, reports usage", async () => {
    const before = (await fake.runs()).length
    const run = await runCodexExec({
      gateway,
      model: 'composer-2-5',
      prompt: 'Run sleep 1, append done-after-sleep to marker.txt, then read it.',
    })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.lastMessage.trim()).toBe(finalText.trim())
    const completed = items(run.events)
    // Cursor already ran its shell and read: Codex must not run anything itself.
    expect(
      completed.filter(
        (item) => item.type === 'command_execution' || item.type === 'file_change' || item.type === 'mcp_tool_call',
      ),
    ).toEqual([])
    const reasoning = completed
      .filter((item) => item.type === 'reasoning')
      .map((item) => item.text ?? '')
      .join('\n')
    expect(reasoning).toContain('Running sleep 1, appending done-after-sleep to marker.txt')
    expect(reasoning).toMatch(/ran `sleep 1 && echo 'done-after-sleep' >> .*marker\.txt` \(exit 0\)/)
    expect(reasoning).toContain('read marker.txt')
    const turn = run.events.find((event) => event.type === 'turn.completed') as
      | { usage?: Record<string, number> }
      | undefined
    const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens
    expect(turn?.usage).toMatchObject({
      input_tokens: input,
      cached_input_tokens: usage.cacheReadTokens,
      output_tokens: usage.outputTokens,
    })

    const runs = (await fake.runs()).slice(before)
    expect(runs).toHaveLength(1)
    const argv = runs[0]?.argv ?? []
    const workDir = await realpath(run.workDir)
    expect(argv.slice(0, 5)).toEqual(['-p', '--output-format', 'stream-json', '--stream-partial-output', '--trust'])
    expect(argv[argv.indexOf('--workspace') + 1]).toBe(workDir)
    expect(await realpath(runs[0]?.cwd ?? '')).toBe(workDir)
    expect(argv[argv.indexOf('--model') + 1]).toBe('composer-2.5')
    // Full access in Codex: Cursor may run its tools too.
    expect(argv).toContain('--force')
    expect(argv).not.toContain('--resume')
    // The prompt goes on stdin, never in argv.
    expect(runs[0]?.stdin).toContain('append done-after-sleep to marker.txt')
    expect(argv.join(' ')).not.toContain('marker.txt')
    expect(runs[0]?.hasCursorApiKey).toBe(false)
  }, 120_000)

  test("Codex's read-only sandbox runs Cursor with --mode ask; workspace-write with --force", async () => {
    const before = (await fake.runs()).length
    const readOnly = await runCodexExec({
      gateway,
      model: 'composer-2-5',
      prompt: 'Explain marker.txt.',
      sandbox: 'read-only',
    })
    expect(readOnly.exitCode, readOnly.stderr).toBe(0)
    const writable = await runCodexExec({
      gateway,
      model: 'composer-2-5',
      prompt: 'Fix marker.txt.',
      sandbox: 'workspace-write',
    })
    expect(writable.exitCode, writable.stderr).toBe(0)
    const [asked, forced] = (await fake.runs()).slice(before)
    expect(asked?.argv.slice(-2)).toEqual(['--mode', 'ask'])
    expect(asked?.argv).not.toContain('--force')
    expect(forced?.argv).toContain('--force')
    expect(forced?.argv).not.toContain('--mode')
  }, 120_000)

  test('a second user turn in the same thread resumes the Cursor chat with only the new input', async () => {
    const codexHome = await mkdtemp(join(tmpdir(), 'codex-home-composer-'))
    const workDir = await mkdtemp(join(tmpdir(), 'codex-work-composer-'))
    const before = (await fake.runs()).length
    const first = await runCodexExec({
      gateway,
      model: 'composer-2-5',
      prompt: 'First question about marker.txt.',
      codexHome,
      workDir,
    })
    expect(first.exitCode, first.stderr).toBe(0)
    const thread = threadOf(first.events)
    expect(thread).toBeDefined()
    const second = await runCodexExec({
      gateway,
      model: 'composer-2-5',
      prompt: 'And a follow-up question.',
      codexHome,
      workDir,
      resume: thread,
    })
    expect(second.exitCode, second.stderr).toBe(0)
    expect(second.lastMessage.trim()).toBe(finalText.trim())
    const [opened, resumed] = (await fake.runs()).slice(before)
    expect(opened?.argv).not.toContain('--resume')
    expect(resumed?.argv[(resumed?.argv.indexOf('--resume') ?? 0) + 1]).toBe(SESSION)
    expect(resumed?.stdin).toBe('And a follow-up question.')
  }, 180_000)

  test('a chat Cursor no longer has is replaced by a new one, seeded with the conversation so far', async () => {
    const codexHome = await mkdtemp(join(tmpdir(), 'codex-home-composer-'))
    const workDir = await mkdtemp(join(tmpdir(), 'codex-work-composer-'))
    const first = await runCodexExec({
      gateway,
      model: 'composer-2-5',
      prompt: 'The first question, about marker.txt.',
      codexHome,
      workDir,
    })
    expect(first.exitCode, first.stderr).toBe(0)
    await withFake({ forgetChats: true }, async () => {
      const before = (await fake.runs()).length
      const second = await runCodexExec({
        gateway,
        model: 'composer-2-5',
        prompt: 'The follow-up.',
        codexHome,
        workDir,
        resume: threadOf(first.events),
      })
      expect(second.exitCode, second.stderr).toBe(0)
      expect(second.lastMessage.trim()).toBe(finalText.trim())
      const [failed, fresh] = (await fake.runs()).slice(before)
      expect(failed?.argv).toContain('--resume')
      expect(fresh?.argv).not.toContain('--resume')
      expect(fresh?.stdin).toContain('The first question, about marker.txt.')
      expect(fresh?.stdin).toContain(finalText.trim().slice(0, 40))
      expect(fresh?.stdin).toMatch(/The follow-up\.$/)
    })
  }, 180_000)

  test('a Codex that goes away mid-turn takes cursor-agent with it', async () => {
    await withFake({ scenario: 'hang' }, async () => {
      const before = (await fake.runs()).length
      const controller = new AbortController()
      const running = runCodexExec({
        gateway,
        model: 'composer-2-5',
        prompt: 'Start something long.',
        signal: controller.signal,
      })
      const child = await waitFor(async () => (await fake.runs()).slice(before)[0])
      await waitFor(async () => (isAlive(child.pid) ? true : undefined))
      await new Promise((resolve) => setTimeout(resolve, 500)) // into the hang: the tool call never ends
      controller.abort()
      await running
      await waitFor(async () => (isAlive(child.pid) ? undefined : true), 5_000)
      expect(isAlive(child.pid)).toBe(false)
    })
  }, 120_000)

  test("a usage limit reaches Codex as Cursor's message, without retries", async () => {
    await withFake({ scenario: 'usage_limit' }, async () => {
      const before = (await fake.runs()).length
      const run = await runCodexExec({
        gateway,
        model: 'composer-2-5',
        prompt: 'Anything.',
        config: { 'model_providers.shim.stream_max_retries': 3 },
      })
      expect(run.exitCode).not.toBe(0)
      expect(`${run.stdout}\n${run.stderr}`).toContain("You've hit your usage limit")
      expect((await fake.runs()).slice(before)).toHaveLength(1)
    })
  }, 120_000)

  test('a client that does not stream gets the whole response, or the failure as its HTTP status', async () => {
    const post = (path: string, body: Record<string, unknown>) =>
      fetch(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { ...gateway.authHeaders, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const cwd = await mkdtemp(join(tmpdir(), 'composer-plain-'))
    const input = codexInput(cwd, 'hi')
    const answer = await post('/v1/responses', { model: 'composer-2.5', input })
    const whole = (await answer.json()) as { status: string; output: { type: string }[] }
    expect(answer.status, JSON.stringify(whole)).toBe(200)
    expect(whole.status).toBe('completed')
    expect(whole.output.some((item) => item.type === 'message')).toBe(true)
    await withFake({ scenario: 'usage_limit' }, async () => {
      const limited = await post('/v1/responses', { model: 'composer-2-5', input })
      expect(limited.status).toBe(429)
      expect(((await limited.json()) as { error: { message: string } }).error.message).toContain(
        "You've hit your usage limit",
      )
    })
    const chat = await post('/v1/chat/completions', {
      model: 'composer-2-5',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(chat.status).toBe(400)
    expect(((await chat.json()) as { error: { message: string } }).error.message).toContain('/v1/responses only')
  }, 60_000)

  test("model list and model use know Composer, by its slug or by Cursor's id", async () => {
    const listed = await runCli(['list', '--json'], gateway.home.env)
    expect(listed.exitCode, listed.stderr).toBe(0)
    expect((JSON.parse(listed.stdout) as { slug: string; route: string }[]).map((row) => row.slug)).toEqual(
      expect.arrayContaining(['byok', 'composer-2-5', 'composer-2-5-fast']),
    )
    const used = await runCli(['model', 'use', 'composer-2.5', '--port', String(gateway.port)], gateway.home.env)
    expect(used.exitCode, used.stderr).toBe(0)
    expect(await readFile(join(gateway.home.codexHome, 'config.toml'), 'utf8')).toMatch(/^model = "composer-2-5"$/m)
    const models = await runCli(['model', 'list'], gateway.home.env)
    expect(models.stdout).toMatch(/^\* composer-2-5$/m)
    expect(models.stdout).toMatch(/^ {2}composer-2-5-fast$/m)
    expect(models.stdout).toMatch(/^ {2}byok$/m)
    const fast = await runCli(['model', 'use', 'composer-2-5-fast', '--port', String(gateway.port)], gateway.home.env)
    expect(fast.exitCode, fast.stderr).toBe(0)
    expect(await readFile(join(gateway.home.codexHome, 'config.toml'), 'utf8')).toMatch(
      /^model = "composer-2-5-fast"$/m,
    )
  }, 60_000)

  test('one Codex turn is one cursor-agent run, and a chat runs one turn at a time', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'composer-turns-'))
    const thread = `composer-thread-${Date.now()}`
    const before = (await fake.runs()).length
    const post = (text: string) =>
      fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { ...gateway.authHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'composer-2-5', input: codexInput(cwd, text), prompt_cache_key: thread }),
      })
    const answers = await Promise.all([post('One question.'), post('Another question.')])
    expect(answers.map((answer) => answer.status)).toEqual([200, 200])
    const runs = (await fake.runs()).slice(before).sort((a, b) => a.startedAt - b.startedAt)
    expect(runs).toHaveLength(2)
    const [first, second] = runs
    const firstExit = (await fake.exits()).get(first?.pid ?? -1)
    expect(firstExit).toBeDefined()
    // The second turn of the chat waited for the first to end, then continued its Cursor chat.
    expect(second?.startedAt).toBeGreaterThanOrEqual(firstExit ?? Number.POSITIVE_INFINITY)
    expect(first?.argv).not.toContain('--resume')
    expect(second?.argv[(second?.argv.indexOf('--resume') ?? 0) + 1]).toBe(SESSION)
  }, 60_000)

  test('without a usable workspace a turn is refused with what was wrong and how to set one', async () => {
    const missing = join(tmpdir(), 'composer-no-such-dir')
    for (const input of ['hi', codexInput(missing, 'hi')]) {
      const before = (await fake.runs()).length
      const answer = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { ...gateway.authHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'composer-2-5', input, stream: true }),
      })
      expect(answer.status).toBe(400)
      const message = ((await answer.json()) as { error: { message: string } }).error.message
      expect(message).toContain('Composer needs a workspace folder')
      expect(message).toContain('CODEX_SHIM_CURSOR_WORKSPACE')
      if (typeof input !== 'string') expect(message).toContain(`"${missing}" does not exist`)
      expect((await fake.runs()).slice(before)).toEqual([])
    }
  }, 60_000)

  test('a client that goes away takes cursor-agent and what it started with it, within about a second', async () => {
    await withFake({ scenario: 'hang', grandchild: true }, async () => {
      const before = (await fake.runs()).length
      const controller = new AbortController()
      const cwd = await mkdtemp(join(tmpdir(), 'composer-gone-'))
      const answer = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { ...gateway.authHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'composer-2-5', input: codexInput(cwd, 'Start something long.'), stream: true }),
        signal: controller.signal,
      })
      expect(answer.status).toBe(200)
      const reader = answer.body?.getReader()
      const run = await waitFor(async () => (await fake.runs()).slice(before)[0])
      const pids = [run.pid, run.grandchildPid ?? -1]
      expect(pids.map(isAlive)).toEqual([true, true])
      // Into the hang: Cursor's tool call never ends, only keepalives flow.
      const deadline = Date.now() + 500
      while (Date.now() < deadline) await reader?.read()
      controller.abort()
      const abortedAt = Date.now()
      await waitFor(async () => (pids.some(isAlive) ? undefined : true), 1_500)
      expect(Date.now() - abortedAt).toBeLessThan(1_250)
    })
  }, 60_000)

  test('logged out: the catalog has no Composer, and a request is told to run cursor-agent login', async () => {
    await withFake({ loggedIn: false }, async () => {
      // The last probe is believed for 30 s: as if they had passed.
      await rm(join(gateway.home.runtimeHome, 'cursor-status.json'))
      const restarted = await runCli(['restart', '--port', String(gateway.port)], gateway.home.env)
      expect(restarted.exitCode, restarted.stderr).toBe(0)
      const catalog = JSON.parse(await readFile(join(gateway.home.runtimeHome, 'model-catalog.json'), 'utf8')) as {
        models: { slug: string }[]
      }
      expect(catalog.models.map((model) => model.slug)).not.toContain('composer-2-5')
      const response = await waitFor(async () => {
        const answer = await fetch(`${gateway.url}/v1/responses`, {
          method: 'POST',
          headers: { ...gateway.authHeaders, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'composer-2-5', input: 'hi', stream: true }),
        })
        return answer.status === 401 ? answer : void (await answer.body?.cancel())
      }, 30_000)
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('cursor-agent login')
      const health = (await (await fetch(`${gateway.url}/health`)).json()) as { cursor_passthrough?: string }
      expect(health.cursor_passthrough).toBe('logged_out')
      const status = await runCli(['cursor', 'status', '--json'], gateway.home.env)
      expect(JSON.parse(status.stdout)).toMatchObject({
        state: 'logged_out',
        binary: FAKE_CURSOR_AGENT_BIN,
        account: null,
      })
      const listed = await runCli(['list', '--json'], gateway.home.env)
      expect(listed.stdout).not.toContain('composer-2-5')
      const used = await runCli(['model', 'use', 'composer-2-5', '--port', String(gateway.port)], gateway.home.env)
      expect(used.exitCode).toBe(1)
      expect(used.stderr).toContain('cursor-agent is not logged in')
      expect(used.stderr).toContain('Run `cursor-agent login`')
    })
  }, 120_000)
})

describe('stopping the daemon', () => {
  test('ends every cursor-agent run in progress: no orphan survives', async () => {
    const hanging = await makeFakeCursorAgent({ scenario: 'hang' })
    const own = await startGatewayHarness({
      models: [{ model: 'byok-model', slug: 'byok', provider: 'openai' }],
      env: hanging.env,
    })
    const cwd = await mkdtemp(join(tmpdir(), 'composer-stop-'))
    const input = codexInput(cwd, 'Start something long.')
    const answer = fetch(`${own.url}/v1/responses`, {
      method: 'POST',
      headers: { ...own.authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'composer-2-5', input, stream: true }),
    })
      .then((response) => response.text())
      .catch(() => '')
    const run = await waitFor(async () => (await hanging.runs())[0])
    await own.stop()
    await answer
    await waitFor(async () => (isAlive(run.pid) ? undefined : true), 5_000)
    expect(isAlive(run.pid)).toBe(false)
  }, 60_000)
})

describe('without cursor-agent', () => {
  test('the status says not_installed and nothing is offered', async () => {
    const home = await startGatewayHarness({
      models: [{ model: 'byok-model', slug: 'byok', provider: 'openai' }],
      env: { CURSOR_AGENT_BIN: join(tmpdir(), 'no-such-cursor-agent') },
    })
    try {
      const health = (await (await fetch(`${home.url}/health`)).json()) as { cursor_passthrough?: string }
      expect(health.cursor_passthrough).toBe('not_installed')
      const status = await runCli(['cursor', 'status', '--json'], home.home.env)
      expect(JSON.parse(status.stdout)).toMatchObject({ state: 'not_installed', binary: null })
      const answer = await fetch(`${home.url}/v1/responses`, {
        method: 'POST',
        headers: { ...home.authHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'composer-2-5', input: 'hi' }),
      })
      expect(answer.status).toBe(400)
      expect(((await answer.json()) as { error: { message: string } }).error.message).toContain('not installed')
    } finally {
      await home.stop()
    }
  }, 60_000)
})

describe('a run under the settings and limits the daemon was given', () => {
  let own: GatewayHarness
  let agent: FakeCursorAgent
  let fallback: string
  const timeouts = { turn: 3_000, idle: 1_000 }
  const settingsFile = () => join(own.home.runtimeHome, 'models.json')
  const writeMode = async (mode: string) => {
    const settings = JSON.parse(await readFile(settingsFile(), 'utf8')) as Record<string, unknown>
    await writeFile(settingsFile(), JSON.stringify({ ...settings, cursor: { mode } }))
  }
  const turn = (input: unknown, sandbox?: string) =>
    fetch(`${own.url}/v1/responses`, {
      method: 'POST',
      headers: {
        ...own.authHeaders,
        'content-type': 'application/json',
        ...(sandbox ? { 'x-codex-turn-metadata': JSON.stringify({ sandbox_mode: sandbox }) } : {}),
      },
      body: JSON.stringify({ model: 'composer-2-5', input, stream: true }),
    })

  beforeAll(async () => {
    agent = await makeFakeCursorAgent()
    fallback = await realpath(await mkdtemp(join(tmpdir(), 'composer-fallback-')))
    own = await startGatewayHarness({
      models: [{ model: 'byok-model', slug: 'byok', provider: 'openai' }],
      settings: { cursor: { mode: 'agent' } },
      env: {
        ...agent.env,
        CODEX_SHIM_CURSOR_WORKSPACE: fallback,
        CODEX_SHIM_CURSOR_TURN_TIMEOUT_MS: String(timeouts.turn),
        CODEX_SHIM_CURSOR_IDLE_TIMEOUT_MS: String(timeouts.idle),
      },
    })
  }, 60_000)
  afterAll(async () => {
    await own?.stop()
  })

  test('a request without a usable working directory runs in CODEX_SHIM_CURSOR_WORKSPACE', async () => {
    for (const input of ['hi', codexInput(join(tmpdir(), 'composer-no-such-dir'), 'hi')]) {
      const before = (await agent.runs()).length
      const answer = await turn(input)
      expect(answer.status).toBe(200)
      expect(failureOf(await answer.text())).toBeUndefined()
      const [run] = (await agent.runs()).slice(before)
      expect(run?.argv[(run?.argv.indexOf('--workspace') ?? 0) + 1]).toBe(fallback)
      expect(await realpath(run?.cwd ?? '')).toBe(fallback)
    }
  }, 60_000)

  test("cursor.mode in models.json wins over Codex's sandbox: agent → --force, ask → --mode ask", async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'composer-mode-'))
    const before = (await agent.runs()).length
    expect(failureOf(await (await turn(codexInput(cwd, 'Read it.'), 'read-only')).text())).toBeUndefined()
    await writeMode('ask')
    try {
      expect(failureOf(await (await turn(codexInput(cwd, 'Fix it.'), 'workspace-write')).text())).toBeUndefined()
      expect(failureOf(await (await turn(codexInput(cwd, 'Fix it all.'), 'danger-full-access')).text())).toBeUndefined()
    } finally {
      await writeMode('agent')
    }
    const [forced, asked, askedAgain] = (await agent.runs()).slice(before)
    expect(forced?.argv).toContain('--force')
    expect(forced?.argv).not.toContain('--mode')
    for (const run of [asked, askedAgain]) {
      expect(run?.argv.slice(-2)).toEqual(['--mode', 'ask'])
      expect(run?.argv).not.toContain('--force')
    }
  }, 60_000)

  test('a turn still busy at the turn timeout ends as response.failed, and cursor-agent is stopped', async () => {
    await agent.control({ scenario: 'trickle' })
    try {
      const before = (await agent.runs()).length
      const started = Date.now()
      const answer = await turn(codexInput(fallback, 'Take forever.'))
      const failure = failureOf(await answer.text())
      expect(Date.now() - started).toBeGreaterThanOrEqual(timeouts.turn)
      expect(failure).toEqual({ code: 'invalid_prompt', message: 'Cursor did not finish the turn in time.' })
      const [run] = (await agent.runs()).slice(before)
      expect(isAlive(run?.pid ?? -1)).toBe(false)
    } finally {
      await agent.control({})
    }
  }, 60_000)

  test('a turn silent for the idle timeout ends as response.failed, and cursor-agent is stopped', async () => {
    await agent.control({ scenario: 'hang' })
    try {
      const before = (await agent.runs()).length
      const started = Date.now()
      const answer = await turn(codexInput(fallback, 'Get stuck.'))
      const failure = failureOf(await answer.text())
      expect(Date.now() - started).toBeLessThan(timeouts.turn)
      expect(failure).toEqual({
        code: 'invalid_prompt',
        message: 'Cursor stopped sending anything and was stopped.',
      })
      const [run] = (await agent.runs()).slice(before)
      expect(isAlive(run?.pid ?? -1)).toBe(false)
    } finally {
      await agent.control({})
    }
  }, 60_000)
})

describe('with CODEX_SHIM_DISABLE_CURSOR=1', () => {
  test('/health says disabled, nothing offers Composer, and cursor-agent is never run', async () => {
    const agent = await makeFakeCursorAgent()
    const off = await startGatewayHarness({
      models: [{ model: 'byok-model', slug: 'byok', provider: 'openai' }],
      env: { ...agent.env, CODEX_SHIM_DISABLE_CURSOR: '1' },
    })
    try {
      const health = (await (await fetch(`${off.url}/health`)).json()) as { cursor_passthrough?: string }
      expect(health.cursor_passthrough).toBe('disabled')
      const catalog = JSON.parse(await readFile(join(off.home.runtimeHome, 'model-catalog.json'), 'utf8')) as {
        models: { slug: string }[]
      }
      expect(catalog.models.map((model) => model.slug)).toEqual(['byok'])
      const served = (await (await fetch(`${off.url}/v1/models`, { headers: off.authHeaders })).text()).toLowerCase()
      expect(served).not.toContain('composer')
      const listed = await runCli(['list', '--json'], off.home.env)
      expect((JSON.parse(listed.stdout) as { slug: string }[]).map((row) => row.slug)).toEqual(['byok'])
      const used = await runCli(['model', 'use', 'composer-2-5', '--port', String(off.port)], off.home.env)
      expect(used.exitCode).toBe(1)
      expect(used.stderr).toContain('switched off by CODEX_SHIM_DISABLE_CURSOR')
      const answer = await fetch(`${off.url}/v1/responses`, {
        method: 'POST',
        headers: { ...off.authHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'composer-2-5', input: 'hi' }),
      })
      expect(answer.status).toBe(400)
      expect(((await answer.json()) as { error: { message: string } }).error.message).toContain(
        'CODEX_SHIM_DISABLE_CURSOR',
      )
      expect(await agent.invocations()).toEqual([])
    } finally {
      await off.stop()
    }
  }, 60_000)
})

/** A Responses input as Codex sends it: its environment context naming the working directory, then the user. */
function codexInput(cwd: string, text: string) {
  return [
    {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: `<environment_context>\n  <cwd>${cwd}</cwd>\n</environment_context>` }],
    },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  ]
}

/** Runs `body` with the fake in another mode, and puts it back however `body` ends. */
async function withFake(control: FakeCursorControl, body: () => Promise<void>): Promise<void> {
  await fake.control(control)
  try {
    await body()
  } finally {
    await fake.control({})
  }
}

/** Whether `pid` still runs: a zombie (dead, not yet reaped by whoever inherited it) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    // /proc/<pid>/stat: "pid (name) S ...", the state after the name's closing parenthesis.
    return !/\)\s+Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true // no /proc (macOS): the signal's answer stands
  }
}

/** The error of a streamed response that failed, from its `response.failed` event. */
function failureOf(sse: string): { code?: string; message?: string } | undefined {
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: ')) continue
    const event = JSON.parse(line.slice('data: '.length)) as { type?: string; response?: { error?: unknown } }
    if (event.type === 'response.failed') return event.response?.error as { code?: string; message?: string }
  }
  return undefined
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
