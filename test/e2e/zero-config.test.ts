import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { authHeadersOf, freePort, makeTestHome, runCli, type TestHome } from '../kit/cli-runner'
import { localServerEnv, startFakeOllama, type FakeServer } from '../kit/fake-local-servers'

const QWEN = {
  name: 'qwen3:latest',
  capabilities: ['completion', 'tools'],
  architecture: 'qwen3',
  contextLength: 40960,
}

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startGateway(home: TestHome, port: number) {
  const started = await runCli(['start', '--port', String(port)], home.env)
  cleanups.push(() => runCli(['stop', '--port', String(port)], home.env))
  return started
}

async function catalogSlugs(port: number, home: TestHome): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/models`, { headers: await authHeadersOf(home) })
  const body = (await response.json()) as { data: { id: string }[]; models: { slug: string; context_window: number }[] }
  return body.models.map((model) => model.slug)
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}

describe('zero-config: no models.json, a local server running', () => {
  test('the gateway serves the local models, start says where they came from, and a turn goes through', async () => {
    const ollama: FakeServer = await startFakeOllama([QWEN])
    cleanups.push(() => ollama.close())
    const home = await makeTestHome('zero-config')
    home.env = { ...home.env, ...localServerEnv({ ollama }) }
    const port = await freePort()
    const started = await startGateway(home, port)
    expect(started.exitCode, started.stderr).toBe(0)
    expect(started.stderr).toContain(
      `Models from local servers, served while ${join(home.runtimeHome, 'models.json')} does not exist: Ollama at ${ollama.url} (1 model)`,
    )
    expect(started.stderr).not.toContain('No models configured yet')

    const response = await fetch(`http://127.0.0.1:${port}/v1/models`, { headers: await authHeadersOf(home) })
    const catalog = (await response.json()) as { models: { slug: string; context_window: number }[] }
    expect(catalog.models.find((model) => model.slug === 'ollama-qwen3')).toMatchObject({ context_window: 40960 })

    const turn = await fetch(`http://127.0.0.1:${port}/v1/responses`, {
      method: 'POST',
      headers: { ...(await authHeadersOf(home)), 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'ollama-qwen3',
        stream: true,
        input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
      }),
    })
    expect(turn.status).toBe(200)
    const events = await turn.text()
    expect(events).toContain('hello from ollama')
    expect(events).toContain('response.completed')
    expect(ollama.requests).toContain('POST /v1/chat/completions')

    const listed = await runCli(['list'], home.env)
    expect(listed.stdout).toMatch(/^ollama-qwen3\s+qwen3 \(Ollama\)/m)
    expect(listed.stderr).toContain('Models from local servers')

    // The first models.json turns it off, without a restart.
    await mkdir(home.runtimeHome, { recursive: true })
    await writeFile(
      join(home.runtimeHome, 'models.json'),
      JSON.stringify({ models: [{ model: 'gpt-x', provider: 'openai', api_key: 'sk-x' }] }),
    )
    expect(await until(async () => (await catalogSlugs(port, home)).join() === 'gpt-x', 10_000)).toBe(true)
  })

  test('local servers are looked at again while the catalog is read: one started later appears, one stopped goes', async () => {
    const home = await makeTestHome('zero-config-later')
    const ollamaPort = await freePort()
    home.env = { ...home.env, ...localServerEnv({}), CODEX_SHIM_OLLAMA_URL: `http://127.0.0.1:${ollamaPort}` }
    const port = await freePort()
    expect((await startGateway(home, port)).exitCode).toBe(0)
    expect(await catalogSlugs(port, home)).not.toContain('ollama-qwen3')

    const ollama = await startFakeOllama([QWEN], ollamaPort)
    expect(await until(async () => (await catalogSlugs(port, home)).includes('ollama-qwen3'), 15_000)).toBe(true)
    await ollama.close()
    expect(await until(async () => !(await catalogSlugs(port, home)).includes('ollama-qwen3'), 15_000)).toBe(true)
  })
})
