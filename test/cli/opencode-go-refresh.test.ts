import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { makeTestHome, runCli, type TestHome } from '../kit/cli-runner'
import { startMockOpencodeGo, type MockOpencodeGo } from '../kit/mock-opencode-go'
import { runInTerminal } from '../kit/terminal-run'

const KEY = 'oc-go-test-key-3f9a1c'

/** A models.dev api.json cut down to what the refresh reads; synthetic, shaped like reference §1.9. */
const MODELS_DEV = {
  'opencode-go': {
    id: 'opencode-go',
    npm: '@ai-sdk/openai-compatible',
    models: {
      'glm-5.1': {
        id: 'glm-5.1',
        limit: { context: 202752, output: 32768 },
        modalities: { input: ['text'], output: ['text'] },
        cost: { input: 1.4, output: 4.4 },
      },
      'kimi-k2.6': {
        id: 'kimi-k2.6',
        limit: { context: 262144, output: 65536 },
        modalities: { input: ['text', 'image', 'video'], output: ['text'] },
        cost: { input: 0.95, output: 4 },
      },
      'minimax-m2.7': {
        id: 'minimax-m2.7',
        limit: { context: 204800, output: 131072 },
        modalities: { input: ['text'], output: ['text'] },
        cost: { input: 0.3, output: 1.2 },
        provider: { npm: '@ai-sdk/anthropic' },
      },
      'qwen3.7-plus': {
        id: 'qwen3.7-plus',
        limit: { context: 1000000, output: 65536 },
        modalities: { input: ['text', 'image'], output: ['text'] },
        cost: { input: 0.4, output: 1.6 },
        provider: { npm: '@ai-sdk/anthropic' },
      },
    },
  },
  anthropic: { id: 'anthropic', models: {} },
}

let mock: MockOpencodeGo

beforeAll(async () => {
  mock = await startMockOpencodeGo({
    key: KEY,
    modelsDev: MODELS_DEV,
    models: [
      { id: 'glm-5.1', serves: ['chat'] },
      { id: 'kimi-k2.6', serves: ['chat', 'messages', 'responses'] },
      { id: 'minimax-m2.7', serves: ['messages'] },
      { id: 'qwen3.7-plus', serves: ['messages'], rateLimitedOnceFor: 1 },
      { id: 'grok-4.5', serves: ['responses'] },
      { id: 'hy3-preview', serves: [] },
    ],
  })
})
afterAll(() => mock.close())

function refreshEnv(home: TestHome, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...home.env, OPENCODE_GO_API_KEY: KEY, CODEX_SHIM_MODELS_DEV_URL: mock.modelsDevUrl, ...extra }
}

const refresh = (home: TestHome, args: string[] = [], extra: NodeJS.ProcessEnv = {}) =>
  runCli(['opencode-go', 'refresh', '--base-url', mock.baseUrl, ...args], refreshEnv(home, extra))

/** A models.json a person wrote: their own rows, an unknown top-level key, an unknown row key, odd key order. */
const USER_FILE = `{
    "$comment": "mine",
    "models": [
        { "provider": "openai", "model": "gpt-x", "base_url": "https://api.example/v1", "my_note": { "keep": [1, 2.50, "x"] } },
        "llama3.2",
        { "slug": "ocgo-old-model", "model": "old-model", "provider": "generic-chat-completion-api", "base_url": "https://opencode.ai/zen/go/v1", "generated_by": "codex-shim opencode-go refresh" }
    ],
    "router": { "enabled": false },
    "zz_unknown": true
}
`

async function homeWith(text: string | undefined): Promise<TestHome> {
  const home = await makeTestHome('ocgo')
  await mkdir(home.runtimeHome, { recursive: true })
  if (text !== undefined) await writeFile(join(home.runtimeHome, 'models.json'), text)
  return home
}

const modelsFile = (home: TestHome) => join(home.runtimeHome, 'models.json')
const rowsOf = async (home: TestHome) =>
  (JSON.parse(await readFile(modelsFile(home), 'utf8')) as { models: (Record<string, unknown> | string)[] }).models
const generatedRows = async (home: TestHome) =>
  (await rowsOf(home)).filter(
    (row): row is Record<string, unknown> =>
      typeof row === 'object' && row.generated_by === 'codex-shim opencode-go refresh',
  )

describe('opencode-go refresh', () => {
  test('writes one ocgo row per model that works, on the endpoint that works, with models.dev facts', async () => {
    const home = await homeWith(undefined)
    const run = await refresh(home)
    expect(run.exitCode, run.stderr).toBe(0)
    const rows = await generatedRows(home)
    expect(rows.map((row) => [row.slug, row.provider, row.opencode_go_endpoint])).toEqual([
      ['ocgo-glm-5-1', 'generic-chat-completion-api', 'chat'],
      ['ocgo-grok-4-5', 'responses', 'responses'],
      ['ocgo-kimi-k2-6', 'generic-chat-completion-api', 'chat'],
      ['ocgo-minimax-m2-7', 'anthropic', 'messages'],
      ['ocgo-qwen3-7-plus', 'anthropic', 'messages'],
    ])
    expect(rows.find((row) => row.model === 'kimi-k2.6')).toEqual({
      slug: 'ocgo-kimi-k2-6',
      model: 'kimi-k2.6',
      display_name: 'OpenCode Go Kimi K2.6',
      provider: 'generic-chat-completion-api',
      base_url: mock.baseUrl,
      api_key_env: 'OPENCODE_GO_API_KEY',
      max_context_limit: 262144,
      no_image_support: false,
      generated_by: 'codex-shim opencode-go refresh',
      opencode_go_endpoint: 'chat',
    })
    // Unknown to models.dev: no context (the catalog's 128k default) and no images, and the table says so.
    const grok = rows.find((row) => row.model === 'grok-4.5')
    expect(grok).toMatchObject({ display_name: 'OpenCode Go Grok 4.5', no_image_support: true })
    expect(grok).not.toHaveProperty('max_context_limit')
    expect(rows.map((row) => row.display_name)).toContain('OpenCode Go MiniMax M2.7')
    expect(rows.map((row) => row.display_name)).toContain('OpenCode Go GLM 5.1')
    expect(rows.some((row) => row.model === 'hy3-preview')).toBe(false)

    const table = run.stdout.split('\n')
    expect(table[0]).toMatch(/^model\s+chat\s+messages\s+responses\s+chosen\s+context\s+images\s+price/)
    expect(table.find((line) => line.startsWith('glm-5.1'))).toMatch(
      /^glm-5\.1\s+✓\s+✗\s+✗\s+chat\s+203k\s+no\s+\$1\.40\/\$4\.40/,
    )
    expect(table.find((line) => line.startsWith('grok-4.5'))).toMatch(
      /✗\s+✗\s+✓\s+responses\s+128k \(default\)\s+no \(default\)\s+-/,
    )
    expect(table.find((line) => line.startsWith('hy3-preview'))).toMatch(/✗\s+✗\s+✗\s+skipped/)
    expect(run.stderr).toContain('hy3-preview: chat: 401 model hy3-preview is not supported')
    expect(`${run.stdout}${run.stderr}`).not.toContain(KEY)
  })

  test('sends each endpoint its own auth: Bearer for chat and responses, x-api-key and anthropic-version for messages', async () => {
    const home = await homeWith(undefined)
    const before = mock.requests.length
    await refresh(home, ['--dry-run'])
    const sent = mock.requests.slice(before).filter((request) => request.method === 'POST')
    const messages = sent.filter((request) => request.path === '/v1/messages')
    expect(messages.length).toBeGreaterThan(0)
    for (const request of messages)
      expect(request.headers).toMatchObject({ 'x-api-key': KEY, 'anthropic-version': '2023-06-01' })
    for (const request of sent.filter((entry) => entry.path !== '/v1/messages'))
      expect(request.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(
      sent.every((request) => [1, 16].includes(Number(request.json?.max_tokens ?? request.json?.max_output_tokens))),
    ).toBe(true)
  })

  test('a 429 is waited out (retry-after) and asked again, not taken for "unsupported"', async () => {
    const local = await startMockOpencodeGo({
      key: KEY,
      modelsDev: MODELS_DEV,
      models: [{ id: 'qwen3.7-plus', serves: ['messages'], rateLimitedOnceFor: 1 }],
    })
    try {
      const home = await homeWith(undefined)
      const started = Date.now()
      const run = await runCli(['opencode-go', 'refresh', '--base-url', local.baseUrl], refreshEnv(home))
      expect(run.exitCode, run.stderr).toBe(0)
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
      expect(run.stderr).toContain('rate limiting: waiting 1 s')
      expect((await generatedRows(home)).map((row) => row.opencode_go_endpoint)).toEqual(['messages'])
      // Three endpoints tried, and the one that met the 429 asked once more.
      expect(local.requests.filter((request) => request.method === 'POST')).toHaveLength(4)
    } finally {
      await local.close()
    }
  })

  test('keeps every other row and unknown key exactly, and replaces only earlier generated rows', async () => {
    const home = await homeWith(USER_FILE)
    const run = await refresh(home)
    expect(run.exitCode, run.stderr).toBe(0)
    const text = await readFile(modelsFile(home), 'utf8')
    // The user's text survives to the byte: formatting, numbers as written, key order, unknown keys.
    expect(text).toContain(
      '        { "provider": "openai", "model": "gpt-x", "base_url": "https://api.example/v1", "my_note": { "keep": [1, 2.50, "x"] } },\n        "llama3.2",\n',
    )
    expect(text.startsWith('{\n    "$comment": "mine",\n    "models": [')).toBe(true)
    expect(text.endsWith('    "router": { "enabled": false },\n    "zz_unknown": true\n}\n')).toBe(true)
    const rows = await rowsOf(home)
    expect(rows.slice(0, 2)).toEqual([
      { provider: 'openai', model: 'gpt-x', base_url: 'https://api.example/v1', my_note: { keep: [1, 2.5, 'x'] } },
      'llama3.2',
    ])
    expect(rows.some((row) => typeof row === 'object' && row.model === 'old-model')).toBe(false)
    expect(rows).toHaveLength(7)
    expect(run.stdout + run.stderr).toContain('removed')
    const backups = await readdir(join(home.runtimeHome, 'backups'))
    expect(backups.filter((name) => name.startsWith('models.json.'))).toHaveLength(1)
    expect(
      await readFile(
        join(home.runtimeHome, 'backups', backups.find((name) => name.startsWith('models.json.')) ?? ''),
        'utf8',
      ),
    ).toBe(USER_FILE)
  })

  test('a second run changes nothing (same bytes, no new backup)', async () => {
    const home = await homeWith(USER_FILE)
    expect((await refresh(home)).exitCode).toBe(0)
    const first = await readFile(modelsFile(home), 'utf8')
    const again = await refresh(home)
    expect(again.exitCode, again.stderr).toBe(0)
    expect(again.stdout).toContain('already up to date')
    expect(await readFile(modelsFile(home), 'utf8')).toBe(first)
    expect(
      (await readdir(join(home.runtimeHome, 'backups'))).filter((name) => name.startsWith('models.json.')),
    ).toHaveLength(1)
  })

  test('--dry-run shows the table and what would change, and writes nothing', async () => {
    const home = await homeWith(USER_FILE)
    const run = await refresh(home, ['--dry-run'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^kimi-k2\.6\s+✓\s+✓\s+✓\s+chat/m)
    expect(run.stderr).toMatch(/Dry run: .*models\.json was not changed \(it would get 5 added, 0 updated, 1 removed/)
    expect(await readFile(modelsFile(home), 'utf8')).toBe(USER_FILE)
    const fresh = await homeWith(undefined)
    await refresh(fresh, ['--dry-run'])
    await expect(readFile(modelsFile(fresh), 'utf8')).rejects.toThrow(/ENOENT/)
  })

  test('--prefer picks that endpoint where it works, and the native one stays where it does not', async () => {
    const home = await homeWith(undefined)
    expect((await refresh(home, ['--prefer', 'messages'])).exitCode).toBe(0)
    const endpoints = Object.fromEntries(
      (await generatedRows(home)).map((row) => [row.model, row.opencode_go_endpoint]),
    )
    expect(endpoints).toMatchObject({ 'kimi-k2.6': 'messages', 'glm-5.1': 'chat', 'grok-4.5': 'responses' })
  })

  test('--offline uses no models.dev: conservative defaults, said in the table', async () => {
    const home = await homeWith(undefined)
    const before = mock.requests.filter((request) => request.path.startsWith('/models.dev')).length
    const run = await refresh(home, ['--offline'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(mock.requests.filter((request) => request.path.startsWith('/models.dev')).length).toBe(before)
    expect(run.stdout).toMatch(/^kimi-k2\.6 .*128k \(default\)\s+no \(default\)/m)
    expect(
      (await generatedRows(home)).every((row) => row.no_image_support === true && !('max_context_limit' in row)),
    ).toBe(true)
  })

  test('models.dev is cached for a day: a second refresh does not download it again', async () => {
    const home = await homeWith(undefined)
    const downloads = () => mock.requests.filter((request) => request.path.startsWith('/models.dev')).length
    const before = downloads()
    await refresh(home, ['--dry-run'])
    await refresh(home, ['--dry-run'])
    expect(downloads()).toBe(before + 1)
    expect(
      JSON.parse(await readFile(join(home.runtimeHome, 'cache', 'models-dev-opencode.json'), 'utf8')),
    ).toHaveProperty(['providers', 'opencode-go', 'models', 'glm-5.1'])
  })

  test('without the key: the issue’s message, exit 1, nothing sent or written', async () => {
    const home = await homeWith(USER_FILE)
    const before = mock.requests.length
    const run = await runCli(['opencode-go', 'refresh', '--base-url', mock.baseUrl], {
      ...home.env,
      OPENCODE_GO_API_KEY: '',
    })
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('Set OPENCODE_GO_API_KEY before refreshing OpenCode Go models.')
    expect(mock.requests.length).toBe(before)
    const named = await runCli(
      ['opencode-go', 'refresh', '--api-key-env', 'MY_GO_KEY', '--base-url', mock.baseUrl],
      home.env,
    )
    expect(named.stderr).toContain('Set MY_GO_KEY before refreshing OpenCode Go models.')
    expect(await readFile(modelsFile(home), 'utf8')).toBe(USER_FILE)
  })

  test('a key OpenCode refuses stops the refresh with the reason, changing nothing', async () => {
    const home = await homeWith(USER_FILE)
    const run = await refresh(home, [], { OPENCODE_GO_API_KEY: 'wrong-key-123456' })
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('OpenCode Go refused the key in $OPENCODE_GO_API_KEY (401: Invalid API key.)')
    expect(run.stderr).not.toContain('wrong-key-123456')
    expect(await readFile(modelsFile(home), 'utf8')).toBe(USER_FILE)
  })

  test('a broken models.json is refused with the reason and left as it was', async () => {
    const broken = '{ "models": [ { "model": "x", } ] }'
    const home = await homeWith(broken)
    const run = await refresh(home)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toMatch(/models\.json is not valid JSON .*Nothing was changed\./)
    expect(await readFile(modelsFile(home), 'utf8')).toBe(broken)
  })

  test('bad flags are refused before anything is sent', async () => {
    const home = await homeWith(undefined)
    expect((await refresh(home, ['--prefer', 'fax'])).stderr).toContain(
      '--prefer must be chat, messages or responses, got "fax".',
    )
    expect((await runCli(['opencode-go', 'refresh', '--base-url', 'ftp://x'], refreshEnv(home))).stderr).toContain(
      '--base-url must be an http:// or https:// URL',
    )
  })

  test('without a terminal, progress is one plain line per model (no carriage returns)', async () => {
    const home = await homeWith(undefined)
    const run = await refresh(home, ['--dry-run'])
    expect(run.stderr).not.toContain('\r')
    const lines = run.stderr.split('\n').filter((line) => /^\[\d+\/6\]/.test(line))
    expect(lines).toHaveLength(6)
    expect(lines).toContain('[1/6] glm-5.1: chat ✓, messages ✗, responses ✗')
  })

  test.skipIf(process.platform === 'win32')(
    'on a terminal, progress is a bar redrawn in place and cleared before the table',
    async () => {
      const home = await homeWith(undefined)
      const output = await runInTerminal(
        ['opencode-go', 'refresh', '--dry-run', '--base-url', mock.baseUrl],
        refreshEnv(home),
      )
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal output under test is escape codes
      expect(output).toMatch(/\r\x1b\[2KProbing [█░]{24} \d+\/18/)
      expect(output).toContain('Probing ████████████████████████ 18/18')
      expect(output).not.toMatch(/^\[\d+\/6\]/m)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal output under test is escape codes
      expect(output).toMatch(/\r\x1b\[2K\r?\n?model\s+chat/)
    },
  )
})
