import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { makeTestHome, runCli, type TestHome } from '../kit/cli-runner'
import {
  localServerEnv,
  startFakeLlamaCpp,
  startFakeLmStudio,
  startFakeOllama,
  startFakeVllm,
  type FakeServer,
} from '../kit/fake-local-servers'

let ollama: FakeServer
let lmstudio: FakeServer

beforeAll(async () => {
  ollama = await startFakeOllama([
    {
      name: 'qwen3:latest',
      capabilities: ['completion', 'tools', 'thinking'],
      architecture: 'qwen3',
      contextLength: 40960,
    },
    {
      name: 'llava:7b',
      capabilities: ['completion', 'vision'],
      architecture: 'llama',
      contextLength: 4096,
      numCtx: 8192,
    },
    { name: 'nomic-embed-text:latest', capabilities: ['embedding'], architecture: 'nomic-bert', contextLength: 2048 },
  ])
  lmstudio = await startFakeLmStudio([
    { id: 'qwen/qwen3-4b-2507', type: 'llm', maxContextLength: 32768 },
    { id: 'google/gemma-3-4b', type: 'vlm', maxContextLength: 131072 },
    { id: 'text-embedding-nomic-embed-text-v1.5', type: 'embeddings' },
  ])
})
afterAll(async () => {
  await ollama.close()
  await lmstudio.close()
})

const envOf = (home: TestHome) => ({ ...home.env, ...localServerEnv({ ollama, lmstudio }) })
const modelsFile = (home: TestHome) => join(home.runtimeHome, 'models.json')

async function homeWith(text: string | undefined): Promise<TestHome> {
  const home = await makeTestHome('discover')
  await mkdir(home.runtimeHome, { recursive: true })
  if (text !== undefined) await writeFile(modelsFile(home), text)
  return home
}

describe('discover', () => {
  test('lists the chat models of Ollama and LM Studio with context, images and tools, leaving embedding models out', async () => {
    const home = await homeWith(undefined)
    const run = await runCli(['discover'], envOf(home))
    expect(run.exitCode, run.stderr).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^server\s+model\s+slug\s+context\s+images\s+tools\s+in models\.json$/)
    expect(lines.slice(1)).toHaveLength(4)
    expect(run.stdout).toMatch(/^Ollama\s+llava:7b\s+ollama-llava-7b\s+8k\s+yes\s+no\s+no$/m)
    expect(run.stdout).toMatch(/^Ollama\s+qwen3:latest\s+ollama-qwen3\s+41k\s+no\s+yes\s+no$/m)
    expect(run.stdout).toMatch(/^LM Studio\s+google\/gemma-3-4b\s+lmstudio-google-gemma-3-4b\s+131k\s+yes\s+\?\s+no$/m)
    expect(run.stdout).not.toContain('embed')
    expect(run.stderr).toContain('4 models are not in')
    await expect(readFile(modelsFile(home), 'utf8')).rejects.toThrow(/ENOENT/)
  })

  test('--add writes rows for what is new, keeps every other row, and a second --add changes nothing', async () => {
    const mine = `{
  "models": [
    { "model": "qwen3:latest", "provider": "ollama", "baseURL": "${ollama.url}/v1/", "display_name": "My Qwen", "max_context_limit": 20000 },
    { "model": "gpt-x", "provider": "openai", "base_url": "https://api.example/v1", "extra": 1 }
  ],
  "note": "mine"
}
`
    const home = await homeWith(mine)
    const run = await runCli(['discover', '--add'], envOf(home))
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toContain('3 added, 0 updated, 0 removed')
    const text = await readFile(modelsFile(home), 'utf8')
    // The user's rows stay as written, to the byte; the new ones follow the last of them.
    const lastOfMine = '"extra": 1 }'
    expect(text.startsWith(mine.slice(0, mine.indexOf(lastOfMine) + lastOfMine.length))).toBe(true)
    expect(text.endsWith('  "note": "mine"\n}\n')).toBe(true)
    const rows = (JSON.parse(text) as { models: Record<string, unknown>[] }).models
    // The user's own qwen3 row already serves that model: no second row for it.
    expect(rows.map((row) => row.slug ?? row.model)).toEqual([
      'qwen3:latest',
      'gpt-x',
      'ollama-llava-7b',
      'lmstudio-google-gemma-3-4b',
      'lmstudio-qwen-qwen3-4b-2507',
    ])
    expect(rows[2]).toEqual({
      slug: 'ollama-llava-7b',
      model: 'llava:7b',
      display_name: 'llava:7b (Ollama)',
      provider: 'ollama',
      base_url: `${ollama.url}/v1`,
      max_context_limit: 8192,
      no_image_support: false,
      generated_by: 'codex-shim discover',
    })
    expect(text).toContain(`"extra": 1 },\n    {\n      "slug": "ollama-llava-7b",\n`)

    const again = await runCli(['discover', '--add'], envOf(home))
    expect(again.stdout).toContain('already has every model found')
    expect(await readFile(modelsFile(home), 'utf8')).toBe(text)
    const list = await runCli(['discover'], envOf(home))
    expect(list.stdout).toMatch(/^Ollama\s+qwen3:latest\s+.*\s+yes$/m)
  })

  test('rows of a server that is not running now are kept by --add', async () => {
    const home = await homeWith(undefined)
    await runCli(['discover', '--add'], envOf(home))
    const onlyOllama = await runCli(['discover', '--add'], { ...home.env, ...localServerEnv({ ollama }) })
    expect(onlyOllama.exitCode, onlyOllama.stderr).toBe(0)
    const rows = (JSON.parse(await readFile(modelsFile(home), 'utf8')) as { models: { slug: string }[] }).models
    expect(rows.map((row) => row.slug)).toEqual([
      'ollama-llava-7b',
      'ollama-qwen3',
      'lmstudio-google-gemma-3-4b',
      'lmstudio-qwen-qwen3-4b-2507',
    ])
  })

  test('with nothing running it says where it looked, and writes nothing', async () => {
    const home = await homeWith(undefined)
    const run = await runCli(['discover', '--add'], {
      ...home.env,
      ...localServerEnv({}),
      CODEX_SHIM_OLLAMA_URL: 'http://127.0.0.1:9',
    })
    expect(run.exitCode).toBe(0)
    expect(run.stderr).toContain('No local model server answers (looked for Ollama at http://127.0.0.1:9)')
    await expect(readFile(modelsFile(home), 'utf8')).rejects.toThrow(/ENOENT/)
  })

  test('--json gives servers and models for scripts', async () => {
    const home = await homeWith(undefined)
    const run = await runCli(['discover', '--json'], envOf(home))
    const servers = JSON.parse(run.stdout) as {
      kind: string
      models: { id: string; contextLength?: number; inModelsJson: boolean }[]
    }[]
    expect(servers.map((server) => [server.kind, server.models.map((model) => model.id)])).toEqual([
      ['ollama', ['llava:7b', 'qwen3:latest']],
      ['lmstudio', ['google/gemma-3-4b', 'qwen/qwen3-4b-2507']],
    ])
  })
})

describe('discover: llama.cpp and vLLM', () => {
  test('llama.cpp gives the context it was started with and its vision; vLLM its max_model_len; --add writes them', async () => {
    const llamacpp = await startFakeLlamaCpp({
      id: 'qwen2.5-coder-7b-q4_k_m.gguf',
      trainedContext: 131072,
      servedContext: 16384,
      vision: true,
    })
    const vllm = await startFakeVllm([
      { id: 'Qwen/Qwen3-Coder-30B-A3B-Instruct', maxModelLen: 65536 },
      { id: 'BAAI/bge-m3', maxModelLen: 8192 },
    ])
    try {
      const home = await homeWith(undefined)
      const env = { ...home.env, ...localServerEnv({ llamacpp, vllm }) }
      const listed = await runCli(['discover', '--json'], env)
      expect(listed.exitCode, listed.stderr).toBe(0)
      const servers = JSON.parse(listed.stdout) as {
        kind: string
        url: string
        models: { id: string; contextLength?: number; supportsImages?: boolean }[]
      }[]
      expect(servers).toEqual([
        expect.objectContaining({
          kind: 'llamacpp',
          url: llamacpp.url,
          models: [
            expect.objectContaining({ id: 'qwen2.5-coder-7b-q4_k_m.gguf', contextLength: 16384, supportsImages: true }),
          ],
        }),
        expect.objectContaining({
          kind: 'vllm',
          url: vllm.url,
          models: [expect.objectContaining({ id: 'Qwen/Qwen3-Coder-30B-A3B-Instruct', contextLength: 65536 })],
        }),
      ])
      expect(llamacpp.requests).toContain('GET /props')

      const added = await runCli(['discover', '--add'], env)
      expect(added.exitCode, added.stderr).toBe(0)
      const rows = (
        JSON.parse(await readFile(modelsFile(home), 'utf8')) as {
          models: { model: string; base_url: string; max_context_limit?: number }[]
        }
      ).models
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            model: 'qwen2.5-coder-7b-q4_k_m.gguf',
            base_url: `${llamacpp.url}/v1`,
            max_context_limit: 16384,
          }),
          expect.objectContaining({
            model: 'Qwen/Qwen3-Coder-30B-A3B-Instruct',
            base_url: `${vllm.url}/v1`,
            max_context_limit: 65536,
          }),
        ]),
      )
      expect(rows.map((row) => row.model)).not.toContain('BAAI/bge-m3')
    } finally {
      await llamacpp.close()
      await vllm.close()
    }
  })
})

describe('doctor', () => {
  test('mentions local servers whose models are not configured', async () => {
    const home = await homeWith(
      JSON.stringify({ models: [{ model: 'qwen3:latest', provider: 'ollama', base_url: `${ollama.url}/v1` }] }),
    )
    const run = await runCli(['doctor'], envOf(home))
    const section = run.stdout.slice(run.stdout.indexOf('Local model servers'))
    expect(section).toMatch(/INFO {2}Ollama at http:\/\/127\.0\.0\.1:\d+: 2 models, 1 not configured/)
    expect(section).toContain('codex-shim discover --add')
    expect(section).toMatch(/INFO {2}LM Studio at .*: 2 models, 2 not configured/)
  })

  test('says the local servers are served while there is no models.json', async () => {
    const home = await homeWith(undefined)
    const run = await runCli(['doctor'], envOf(home))
    expect(run.stdout).toMatch(/OK {4}Ollama at .*: 2 models, served without a models\.json until you create one/)
  })
})

describe('zero-config in the CLI', () => {
  test('without a models.json, list shows the local servers’ models and says where they came from', async () => {
    const home = await homeWith(undefined)
    const run = await runCli(['list'], envOf(home))
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^ollama-qwen3\s+qwen3 \(Ollama\)\s+-> qwen3:latest \(generic-chat-completion-api\)$/m)
    expect(run.stdout).toMatch(/^lmstudio-google-gemma-3-4b\s/m)
    expect(run.stderr).toMatch(
      /Models from local servers, served while .*models\.json does not exist: Ollama at http:\/\/127\.0\.0\.1:\d+ \(2 models\), LM Studio at/,
    )
  })

  test('the first models.json turns it off, even an empty one; CODEX_SHIM_DISABLE_DISCOVERY does too', async () => {
    const home = await homeWith('{ "models": [ { "model": "gpt-x", "provider": "openai" } ] }')
    const run = await runCli(['list', '--json'], envOf(home))
    expect((JSON.parse(run.stdout) as { slug: string }[]).map((row) => row.slug)).toEqual(['gpt-x'])
    const listed = await runCli(['list'], envOf(home))
    expect(listed.stderr).toContain(`Models from ${modelsFile(home)}`)

    const empty = await homeWith('{ "models": [] }')
    expect((await runCli(['list', '--json'], envOf(empty))).stdout.trim()).toBe('[]')
    const off = await homeWith(undefined)
    expect((await runCli(['list', '--json'], { ...envOf(off), CODEX_SHIM_DISABLE_DISCOVERY: '1' })).stdout.trim()).toBe(
      '[]',
    )
  })
})
