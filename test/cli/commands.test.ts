import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'smol-toml'
import { describe, expect, test } from 'vitest'
import { moveGlobalFlagsAfterCommand } from '../../cli/argv'
import { makeTestHome, runCli, type TestHome } from '../kit/cli-runner'

const model = (name: string, extra: Record<string, unknown> = {}) => ({
  model: name,
  provider: 'openai',
  base_url: 'https://api.example/v1',
  ...extra,
})

async function homeWithSettings(settings: unknown, name = 'cmd'): Promise<TestHome> {
  const home = await makeTestHome(name)
  await mkdir(home.runtimeHome, { recursive: true })
  await writeFile(join(home.runtimeHome, 'models.json'), JSON.stringify(settings))
  return home
}

async function logIn(home: TestHome): Promise<void> {
  await mkdir(home.codexHome, { recursive: true })
  await writeFile(
    join(home.codexHome, 'auth.json'),
    JSON.stringify({ tokens: { access_token: 'chatgpt-token-xyz', account_id: 'acc' } }),
  )
}

describe('list', () => {
  test('shows slugs, display names and routes, the passthrough first when logged in', async () => {
    const home = await homeWithSettings({
      models: [model('deepseek-chat', { display_name: 'DeepSeek' }), model('claude-x', { provider: 'anthropic' })],
    })
    await logIn(home)
    const run = await runCli(['list'], home.env)
    expect(run.exitCode).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^gpt-5\.5\s+GPT-5\.5\s+-> ChatGPT login/)
    expect(lines[1]).toMatch(/^deepseek-chat\s+DeepSeek\s+-> deepseek-chat \(openai\)/)
    expect(lines[2]).toMatch(/^claude-x\s+claude-x\s+-> claude-x \(anthropic\)/)
    expect(run.stdout).not.toContain('chatgpt-token-xyz')
  })

  test('exits 1 with a hint when there are no models and no Codex login', async () => {
    const home = await makeTestHome('empty')
    const run = await runCli(['list'], home.env)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('No models available')
    expect(run.stderr).toContain('codex login')
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/)
  })

  test('CODEX_SHIM_DISABLE_CHATGPT hides the passthrough', async () => {
    const home = await homeWithSettings({ models: [model('a')] })
    await logIn(home)
    const run = await runCli(['list', '--json'], { ...home.env, CODEX_SHIM_DISABLE_CHATGPT: '1' })
    expect((JSON.parse(run.stdout) as { slug: string }[]).map((row) => row.slug)).toEqual(['a'])
  })

  test('--settings names another file; a missing one is an error naming it', async () => {
    const home = await homeWithSettings({ models: [] })
    const other = join(home.root, 'other-models.json')
    await writeFile(other, JSON.stringify([model('from-other')]))
    const run = await runCli(['--settings', other, 'list', '--json'], home.env)
    expect((JSON.parse(run.stdout) as { slug: string }[])[0]?.slug).toBe('from-other')

    const missing = await runCli(['list', '--settings', join(home.root, 'nope.json')], home.env)
    expect(missing.exitCode).toBe(1)
    expect(missing.stderr).toContain(`Settings file not found: ${join(home.root, 'nope.json')}`)
  })

  test('an invalid settings file names the file and the JSON path', async () => {
    const home = await homeWithSettings({ models: [model('m', { max_context_limit: 'big' })] })
    const run = await runCli(['list'], home.env)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain(join(home.runtimeHome, 'models.json'))
    expect(run.stderr).toContain('models[0].max_context_limit: expected a positive whole number of tokens, got "big"')
  })
})

describe('generate', () => {
  test('writes the catalog and an opt-in config into the runtime home, and nothing under ~/.codex', async () => {
    const home = await homeWithSettings({ models: [model('first', { max_context_limit: 200000 }), model('second')] })
    const run = await runCli(['generate', '--port', '9123'], home.env)
    expect(run.exitCode).toBe(0)
    const catalog = JSON.parse(await readFile(join(home.runtimeHome, 'model-catalog.json'), 'utf8')) as {
      models: { slug: string; context_window: number }[]
    }
    expect(catalog.models.map((entry) => [entry.slug, entry.context_window])).toEqual([
      ['first', 200000],
      ['second', 128000],
    ])
    const config = parse(await readFile(join(home.runtimeHome, 'codex-config.toml'), 'utf8')) as Record<string, unknown>
    expect(config).toMatchObject({
      model: 'first',
      model_provider: 'codex_shim',
      model_catalog_json: join(home.runtimeHome, 'model-catalog.json'),
      model_providers: { codex_shim: { base_url: 'http://127.0.0.1:9123/v1', wire_api: 'responses' } },
    })
    await expect(readFile(join(home.codexHome, 'config.toml'))).rejects.toThrow()
  })

  test('quotes and backslashes in paths and slugs stay valid TOML', async () => {
    const home = await makeTestHome('quote')
    const runtimeHome = join(home.root, 'we"ird\\dir')
    await mkdir(runtimeHome, { recursive: true })
    await writeFile(
      join(runtimeHome, 'models.json'),
      JSON.stringify({ models: [model('m', { slug: 'a"b\\c', display_name: 'Say "hi" \\o/' })] }),
    )
    const run = await runCli(['generate'], { ...home.env, CODEX_SHIM_HOME: runtimeHome })
    expect(run.exitCode).toBe(0)
    const config = parse(await readFile(join(runtimeHome, 'codex-config.toml'), 'utf8')) as Record<string, unknown>
    expect(config.model_catalog_json).toBe(join(runtimeHome, 'model-catalog.json'))
    expect(config.model).toBe('a-b-c')
  })

  test('the catalog never holds a key', async () => {
    const home = await homeWithSettings({
      models: [model('m', { api_key: 'sk-generate-secret', extra_headers: { 'x-key': 'sk-generate-secret' } })],
    })
    await logIn(home)
    await runCli(['generate'], home.env)
    const written =
      (await readFile(join(home.runtimeHome, 'model-catalog.json'), 'utf8')) +
      (await readFile(join(home.runtimeHome, 'codex-config.toml'), 'utf8'))
    expect(written).not.toContain('sk-generate-secret')
    expect(written).not.toContain('chatgpt-token-xyz')
  })
})

describe('CLI conventions', () => {
  test.each(['generate', 'list', 'start', 'stop', 'restart', 'status'])(
    '%s --help describes the command with examples',
    async (command) => {
      const run = await runCli([command, '--help'], (await makeTestHome('help')).env)
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain(`codex-shim ${command}`)
      expect(run.stdout).toContain('Example')
      expect(run.stdout).toContain('--settings')
    },
  )

  test('an invalid --port is one readable line, exit 1', async () => {
    const run = await runCli(['status', '--port', 'eighty'], (await makeTestHome('port')).env)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('--port must be a whole number from 1 to 65535, got "eighty"')
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  test('status of a stopped gateway exits 1', async () => {
    const run = await runCli(['status'], (await makeTestHome('status')).env)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('stopped')
  })

  test.each([
    [
      ['--port', '9000', 'start'],
      ['start', '--port', '9000'],
    ],
    [
      ['--settings=/x.json', 'list', '--json'],
      ['list', '--settings=/x.json', '--json'],
    ],
    [
      ['start', '--port', '1'],
      ['start', '--port', '1'],
    ],
    [['--help'], ['--help']],
    [
      ['--settings', 'a.json', '--port', '2', 'status'],
      ['status', '--settings', 'a.json', '--port', '2'],
    ],
  ])('global flags before the command move after it: %j', (argv, expected) => {
    expect(moveGlobalFlagsAfterCommand(argv, ['--settings', '--port'])).toEqual(expected)
  })
})
