import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../kit/cli-runner'
import { runCodex } from '../kit/codex-cli'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'

const CODEX_BIN = fileURLToPath(new URL('../../node_modules/.bin/codex', import.meta.url))
const SECRET = 'sk-wiring-secret-9d2f'
let gateway: GatewayHarness
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'mock-chat', slug: 'mock', provider: 'openai', api_key: SECRET },
      {
        model: 'other-model',
        slug: 'other',
        provider: 'generic-chat-completion-api',
        display_name: 'Other "Quoted" \\ Model',
      },
    ],
  })
  env = { ...gateway.home.env, CODEX_SHIM_CODEX_BIN: CODEX_BIN }
  gateway.upstream.handle(() => ({ kind: 'chat', text: 'Wired up and working.' }))
})
afterAll(async () => {
  await gateway?.stop()
})

const port = () => String(gateway.port)
const configPath = () => join(gateway.home.codexHome, 'config.toml')

describe('wiring Codex to the gateway', () => {
  test('enable writes a config the real Codex CLI uses to reach the gateway; model use switches; disable restores', async () => {
    await mkdir(gateway.home.codexHome, { recursive: true })
    const original =
      '# my settings\nmodel = "gpt-5.5"\napproval_policy = "never"\n\n[profiles.fast]\nmodel = "gpt-5.5"\n'
    await writeFile(configPath(), original)

    const enable = await runCli(['enable', '--port', port()], env)
    expect(enable.exitCode).toBe(0)
    const enabled = await readFile(configPath(), 'utf8')
    expect(enabled).toContain('model = "mock"')

    const again = await runCli(['enable', '--port', port()], env)
    expect(again.exitCode).toBe(0)
    expect(await readFile(configPath(), 'utf8')).toBe(enabled)

    const requestsBefore = gateway.upstream.requests.length
    const codex = await runCodex(
      [
        'exec',
        '--skip-git-repo-check',
        '--ephemeral',
        '--disable',
        'plugins',
        '--disable',
        'unbounded_connection_retries',
        '-c',
        'analytics.enabled=false',
        'say hi',
      ],
      {
        env: { CODEX_HOME: gateway.home.codexHome },
        cwd: gateway.home.root,
      },
    )
    expect(codex.stdout + codex.stderr).toContain('Wired up and working.')
    expect(codex.exitCode).toBe(0)
    expect(gateway.upstream.requests.length).toBeGreaterThan(requestsBefore)
    expect(gateway.upstream.requests.at(-1)?.json).toMatchObject({ model: 'mock-chat' })

    const use = await runCli(['model', 'use', 'other', '--port', port()], env)
    expect(use.exitCode).toBe(0)
    expect(await readFile(configPath(), 'utf8')).toContain('model = "other"')
    const list = await runCli(['model', 'list'], env)
    expect(list.stdout).toMatch(/^\* other$/m)
    expect(list.stdout).toMatch(/^ {2}mock$/m)

    const disable = await runCli(['disable', '--port', port()], env)
    expect(disable.exitCode).toBe(0)
    expect(await readFile(configPath(), 'utf8')).toBe(original)
    const backups = await readdir(join(gateway.home.runtimeHome, 'backups'))
    expect(backups.length).toBeGreaterThan(0)
    // disable stops the daemon; bring it back for the other tests.
    expect((await runCli(['start', '--port', port()], env)).exitCode).toBe(0)
  })

  test('a Responses request without `model` (Codex Desktop omits it on some follow-ups) is served by the managed block’s model', async () => {
    await writeFile(configPath(), '')
    expect((await runCli(['model', 'use', 'other', '--port', port()], env)).exitCode).toBe(0)
    const response = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gateway.authHeaders },
      body: JSON.stringify({ input: 'hi', stream: false }),
    })
    expect(response.status).toBe(200)
    expect(gateway.upstream.requests.at(-1)?.json).toMatchObject({ model: 'other-model' })
    // Without a managed block there is nothing to fall back to: a clear 400.
    expect((await runCli(['disable', '--port', port()], env)).exitCode).toBe(0)
    expect((await runCli(['start', '--port', port()], env)).exitCode).toBe(0)
    const without = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gateway.authHeaders },
      body: '{"input":"hi"}',
    })
    expect(without.status).toBe(400)
  })

  test('model use with an unknown slug lists the valid ones and changes nothing', async () => {
    const before = await readFile(configPath(), 'utf8').catch(() => '')
    const run = await runCli(['model', 'use', 'nope', '--port', port()], env)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('No model "nope"')
    expect(run.stderr).toContain('mock, other')
    expect(await readFile(configPath(), 'utf8').catch(() => '')).toBe(before)
  })

  test('a config.toml that does not parse is reported with its line and left untouched', async () => {
    const broken = 'model = "x"\n[profiles\nmodel = 1\n'
    await writeFile(configPath(), broken)
    const run = await runCli(['enable', '--port', port()], env)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toMatch(/config\.toml is not valid TOML \(line 2, column \d+\)/)
    expect(await readFile(configPath(), 'utf8')).toBe(broken)
    await writeFile(configPath(), '')
  })

  test('codex-shim codex -- exec runs the real Codex CLI through the gateway and writes no config file', async () => {
    const codexHome = join(gateway.home.root, 'fresh-codex-home')
    await mkdir(codexHome, { recursive: true })
    const catalogBefore = await stat(join(gateway.home.runtimeHome, 'model-catalog.json'))
    const run = await runCli(
      [
        'codex',
        '--port',
        port(),
        '--',
        'exec',
        '--skip-git-repo-check',
        '--ephemeral',
        '--disable',
        'plugins',
        '-c',
        'analytics.enabled=false',
        '-m',
        'mock',
        'hello',
      ],
      { ...env, CODEX_HOME: codexHome },
      90_000,
    )
    expect(run.stdout + run.stderr).toContain('Wired up and working.')
    expect(run.exitCode).toBe(0)
    expect(await readdir(codexHome)).not.toContain('config.toml')
    expect((await stat(join(gateway.home.runtimeHome, 'model-catalog.json'))).size).toBe(catalogBefore.size)
  })

  test('the codex-model shortcut lists models like `model list`', async () => {
    const shortcut = fileURLToPath(new URL('../../bin/codex-model.js', import.meta.url))
    const { execFile } = await import('node:child_process')
    const output = await new Promise<string>((resolve) =>
      execFile(process.execPath, [shortcut], { env, cwd: gateway.home.root }, (_error, stdout) => resolve(stdout)),
    )
    expect(output).toContain('mock')
    expect(output).toContain('other')
  })
})

describe('doctor', () => {
  test('a healthy setup: every section reported, exit 0, and no secret in the output', async () => {
    const run = await runCli(['doctor', '--port', port()], { ...env, TEST_KEY_IN_ENV: SECRET })
    expect(run.exitCode).toBe(0)
    for (const section of [
      'Node and dependencies',
      'Codex CLI',
      'Settings',
      'Runtime files',
      'Gateway daemon',
      'ChatGPT passthrough',
      'Proxy',
      'Codex config',
      'Summary',
    ]) {
      expect(run.stdout).toContain(section)
    }
    expect(run.stdout).toMatch(/OK +health ok: 2 models/)
    expect(run.stdout).toMatch(/OK +gateway token .*token \(readable by you only\)/)
    expect(run.stdout).not.toContain(SECRET)
  })

  test('--json gives the same checks for scripts', async () => {
    const run = await runCli(['doctor', '--json', '--port', port()], env)
    const report = JSON.parse(run.stdout) as { sections: { title: string }[]; summary: { fail: number } }
    expect(report.sections.map((section) => section.title)).toContain('Gateway daemon')
    expect(report.summary.fail).toBe(0)
  })

  test('a proxy variable that would capture loopback is a warning with the fix', async () => {
    const run = await runCli(['doctor', '--port', port()], {
      ...env,
      HTTPS_PROXY: 'http://proxy.corp:3128',
      NO_PROXY: 'example.com',
    })
    expect(run.stdout).toMatch(
      /WARN {2}HTTPS_PROXY set and NO_PROXY\/no_proxy does not include 127\.0\.0\.1, localhost, ::1/,
    )
    expect(run.exitCode).toBe(0)
  })

  test('a missing settings file and a dead daemon are warnings, not failures', async () => {
    const lonely = { ...env, CODEX_SHIM_HOME: join(gateway.home.root, 'empty-home') }
    const run = await runCli(['doctor', '--port', '1'], lonely)
    expect(run.stdout).toMatch(/(INFO|WARN) .*(no settings file yet|settings file not found)/)
    expect(run.stdout).toMatch(/WARN {2}not running/)
    expect(run.exitCode).toBe(0)
  })

  test('a managed block whose catalog file is missing is a FAIL (Codex would not start), and start writes it again', async () => {
    await mkdir(dirname(configPath()), { recursive: true })
    await writeFile(configPath(), '')
    expect((await runCli(['enable', '--port', port()], env)).exitCode).toBe(0)
    const catalog = join(gateway.home.runtimeHome, 'model-catalog.json')
    const { rm } = await import('node:fs/promises')
    await rm(catalog)
    const broken = await runCli(['doctor', '--port', port()], env)
    expect(broken.exitCode).toBe(1)
    expect(broken.stdout).toMatch(
      /FAIL {2}the catalog file the block names is missing \(.*model-catalog\.json\): Codex will not start/,
    )
    expect((await runCli(['start', '--port', port()], env)).exitCode).toBe(0)
    expect((await stat(catalog)).size).toBeGreaterThan(0)
    expect((await runCli(['doctor', '--port', port()], env)).exitCode).toBe(0)
    expect((await runCli(['disable', '--port', port()], env)).exitCode).toBe(0)
    expect((await runCli(['start', '--port', port()], env)).exitCode).toBe(0)
  })

  test('an invalid settings file is a FAIL and exit 1', async () => {
    const home = join(gateway.home.root, 'bad-home')
    await mkdir(home, { recursive: true })
    await writeFile(join(home, 'models.json'), '{"models": [')
    const run = await runCli(['doctor', '--port', '1'], { ...env, CODEX_SHIM_HOME: home })
    expect(run.stdout).toMatch(/FAIL {2}Settings file .* is not valid JSON/)
    expect(run.exitCode).toBe(1)
  })
})
