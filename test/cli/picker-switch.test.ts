import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import {
  HOST_HOST_HEADER,
  HOST_PICKER_SWITCH_PATH,
  HOST_SECRET_HEADER,
  type PickerSwitchReply,
  type ResolvedModel,
  type SettingsSnapshot,
} from '../../shared/host-protocol'
import { removeManagedConfigFile } from '../../cli/codex/apply-managed-config'
import { daemonContext } from '../../cli/daemon/daemon-context'
import { createHostService } from '../../cli/daemon/host-service'
import { switchModel, type PickerSwitchOptions } from '../../cli/daemon/picker-switch'
import { withProviderName } from '../../cli/daemon/provider-display-name'
import { restartCodexDesktop, type CommandResult } from '../../cli/daemon/restart-codex-desktop'
import type { SettingsSource } from '../../cli/daemon/settings-source'
import { browserCommand } from '../../cli/open-browser'
import { makeTestHome, type TestHome } from '../kit/cli-runner'

const USER_CONFIG = '# mine\napproval_policy = "never"\nmodel = "gpt-5.5"\n\n[profiles.fast]\nmodel = "o3"\n'

function row(slug: string, displayName: string, index: number): ResolvedModel {
  return {
    slug,
    model: slug,
    displayName,
    provider: 'openai',
    baseUrl: 'https://api.example.com/v1',
    apiKey: 'sk-x',
    noImageSupport: false,
    promptCache: true,
    extraHeaders: {},
    index,
  }
}
const snapshot: SettingsSnapshot = {
  ok: true,
  chatgptPassthrough: 'logged_out',
  models: [row('alpha', 'Alpha "Quoted" \\ One', 0), row('beta', 'Beta', 1)],
}

function sourceOf(current: SettingsSnapshot): PickerSwitchOptions['source'] {
  return { current: async () => ({ version: 'v1', snapshot: current }), passthroughEntry: async () => undefined }
}

async function homeWithConfig(): Promise<TestHome> {
  const home = await makeTestHome('picker-switch')
  await mkdir(home.codexHome, { recursive: true })
  await writeFile(join(home.codexHome, 'config.toml'), USER_CONFIG)
  // No Codex binary on PATH for this test: the block is written without a catalog URL, as for an old Codex.
  home.env.CODEX_SHIM_CODEX_BIN = join(home.root, 'no-codex-here')
  return home
}

const configOf = (home: TestHome) => readFile(join(home.codexHome, 'config.toml'), 'utf8')

describe('the HOST switch (what POST /api/switch does on the machine)', () => {
  test('writes the managed block for the slug, names the provider after the model, and disable restores the file exactly', async () => {
    const home = await homeWithConfig()
    const lines: string[] = []
    const reply = await switchModel(
      { slug: 'alpha', restartCodex: false, port: 8765 },
      { source: sourceOf(snapshot), log: (line) => lines.push(line), env: home.env },
    )
    expect(reply).toMatchObject({
      ok: true,
      active: { slug: 'alpha', displayName: 'Alpha "Quoted" \\ One' },
      providerName: 'Alpha "Quoted" \\ One (codex-shim)',
      isChanged: true,
      restart: { kind: 'not_requested' },
    })
    const text = await configOf(home)
    expect(text).toMatch(/^model = "alpha"$/m)
    expect(text).toContain('name = "Alpha \\"Quoted\\" \\\\ One (codex-shim)"')
    expect(text).toContain('base_url = "http://127.0.0.1:8765/v1"')
    expect(
      JSON.parse(await readFile(join(home.runtimeHome, 'model-catalog.json'), 'utf8')).models.map(
        (entry: { slug: string }) => entry.slug,
      ),
    ).toEqual(['alpha', 'beta'])
    expect(lines.join('\n')).toContain('[picker] Codex now uses alpha')

    const again = await switchModel(
      { slug: 'beta', restartCodex: false, port: 8765 },
      { source: sourceOf(snapshot), log: () => undefined, env: home.env },
    )
    expect(again.ok).toBe(true)
    expect(await configOf(home)).toMatch(/^model = "beta"$/m)
    await removeManagedConfigFile(daemonContext({ port: 8765, env: home.env }))
    expect(await configOf(home)).toBe(USER_CONFIG)
  })

  test('only exact slugs the gateway lists are switched to; the file is left alone otherwise', async () => {
    const home = await homeWithConfig()
    const reply = await switchModel(
      { slug: 'alph', restartCodex: false, port: 8765 },
      { source: sourceOf(snapshot), log: () => undefined, env: home.env },
    )
    expect(reply).toMatchObject({ ok: false, status: 404, code: 'model_not_found' })
    expect(await configOf(home)).toBe(USER_CONFIG)
  })

  test('a broken models.json or config.toml is a 409 that names the problem, and nothing is written', async () => {
    const home = await homeWithConfig()
    const broken = await switchModel(
      { slug: 'alpha', restartCodex: false, port: 8765 },
      { source: sourceOf({ ok: false, message: 'models.json line 3: bad' }), log: () => undefined, env: home.env },
    )
    expect(broken).toMatchObject({ ok: false, status: 409, message: 'models.json line 3: bad' })
    await writeFile(join(home.codexHome, 'config.toml'), 'model = "unterminated\n')
    const badToml = await switchModel(
      { slug: 'alpha', restartCodex: false, port: 8765 },
      { source: sourceOf(snapshot), log: () => undefined, env: home.env },
    )
    expect(badToml).toMatchObject({ ok: false, status: 409, code: 'config_not_changed' })
    expect(await configOf(home)).toBe('model = "unterminated\n')
  })

  test('the router and Composer can be switched to, and every switch keeps them in the catalog Codex reads', async () => {
    const home = await homeWithConfig()
    const withAll: SettingsSnapshot = {
      ...snapshot,
      router: {
        enabled: true,
        slug: 'codex-auto',
        displayName: 'Auto (smart routing)',
        classifier: 'alpha',
        threshold: 0.7,
        default: 'beta',
        cache: true,
        candidates: [
          { slug: 'alpha', cost: 0.5, supportsImages: false, card: 'quick edits' },
          { slug: 'beta', cost: 5, supportsImages: false, card: 'hard problems' },
        ],
        mode: 'route',
        timeoutMs: 8000,
        maxClassifierTokens: 400,
      },
      cursor: {
        state: 'available',
        models: [{ slug: 'composer-2-5', id: 'composer-2.5', displayName: 'Composer 2.5' }],
        mode: 'auto',
      },
    }
    const catalogSlugs = async () =>
      JSON.parse(await readFile(join(home.runtimeHome, 'model-catalog.json'), 'utf8')).models.map(
        (entry: { slug: string }) => entry.slug,
      )
    for (const slug of ['codex-auto', 'composer-2-5', 'alpha']) {
      const reply = await switchModel(
        { slug, restartCodex: false, port: 8765 },
        { source: sourceOf(withAll), log: () => undefined, env: home.env },
      )
      expect(reply, slug).toMatchObject({ ok: true, active: { slug } })
      expect(await configOf(home)).toMatch(new RegExp(`^model = "${slug}"$`, 'm'))
      expect(await catalogSlugs()).toEqual(expect.arrayContaining(['codex-auto', 'composer-2-5', 'alpha', 'beta']))
    }
  })

  test('restart_codex runs the restart and reports what it came to', async () => {
    const home = await homeWithConfig()
    const restart = async () => ({
      kind: 'restarted' as const,
      message: 'Restarted Codex Desktop (open -b com.openai.codex).',
    })
    const reply = await switchModel(
      { slug: 'beta', restartCodex: true, port: 8765 },
      { source: sourceOf(snapshot), log: () => undefined, env: home.env, restart },
    )
    expect(reply).toMatchObject({ ok: true, restart: { kind: 'restarted' } })
  })
})

describe('the HOST endpoint', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  test('is dispatched by the host service, behind the run secret', async () => {
    const home = await homeWithConfig()
    const previousHome = process.env.CODEX_SHIM_HOME
    const previousCodex = process.env.CODEX_HOME
    const previousBin = process.env.CODEX_SHIM_CODEX_BIN
    Object.assign(process.env, {
      CODEX_SHIM_HOME: home.runtimeHome,
      CODEX_HOME: home.codexHome,
      CODEX_SHIM_CODEX_BIN: home.env.CODEX_SHIM_CODEX_BIN,
    })
    try {
      const service = createHostService({
        source: sourceOf(snapshot) as unknown as SettingsSource,
        secret: 'run-secret',
        log: () => undefined,
      })
      server = createServer((req, res) => void service(req, res))
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
      const port = (server.address() as AddressInfo).port
      const post = (secret: string) =>
        postAsWorker(port, secret, JSON.stringify({ slug: 'beta', restartCodex: false, port: 9000 }))
      expect((await post('wrong')).status).toBe(403)
      expect(await configOf(home)).toBe(USER_CONFIG)
      const reply = JSON.parse((await post('run-secret')).body) as PickerSwitchReply
      expect(reply).toMatchObject({ ok: true, active: { slug: 'beta' } })
      expect(await configOf(home)).toContain('base_url = "http://127.0.0.1:9000/v1"')
    } finally {
      for (const [name, value] of [
        ['CODEX_SHIM_HOME', previousHome],
        ['CODEX_HOME', previousCodex],
        ['CODEX_SHIM_CODEX_BIN', previousBin],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })
})

/** As Miniflare's binding calls it: Host `host` (fetch() would not let us set that header) and the run secret. */
function postAsWorker(port: number, secret: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: HOST_PICKER_SWITCH_PATH,
        headers: { host: HOST_HOST_HEADER, [HOST_SECRET_HEADER]: secret },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.once('error', reject)
    req.end(body)
  })
}

describe('withProviderName', () => {
  const block = '[model_providers.codex_shim]\r\nname = "codex-shim"\r\nbase_url = "http://127.0.0.1:8765/v1"\r\n'

  test('replaces only our provider table’s name, TOML-quoted, keeping CRLF', () => {
    expect(withProviderName(block, 'A "b" \\ c')).toBe(
      '[model_providers.codex_shim]\r\nname = "A \\"b\\" \\\\ c"\r\nbase_url = "http://127.0.0.1:8765/v1"\r\n',
    )
  })

  test('leaves a file without our table, and other providers’ names, alone', () => {
    const other = '[model_providers.mine]\nname = "mine"\n'
    expect(withProviderName(other, 'X')).toBe(other)
    expect(withProviderName(`# [model_providers.codex_shim]\n# name = "x"\n${other}`, 'X')).toBe(
      `# [model_providers.codex_shim]\n# name = "x"\n${other}`,
    )
  })
})

describe('restarting Codex Desktop', () => {
  function fakeRun(script: (command: string, args: readonly string[]) => CommandResult) {
    const calls: string[] = []
    const run = async (command: string, args: readonly string[]) => {
      calls.push([command, ...args].join(' '))
      return script(command, args)
    }
    return { calls, run }
  }
  const ok = (stdout = ''): CommandResult => ({ exitCode: 0, stdout, stderr: '' })
  const sleep = async () => undefined

  test('macOS: quits the running app, waits until it is gone, then opens it by bundle id', async () => {
    let checks = 0
    const { calls, run } = fakeRun((_command, args) => {
      if (args.join(' ').includes('is running')) return ok(++checks <= 2 ? 'true' : 'false')
      return ok()
    })
    expect(await restartCodexDesktop({ os: 'darwin', run, sleep })).toMatchObject({ kind: 'restarted' })
    expect(calls.filter((call) => !call.includes('is running'))).toEqual([
      'osascript -e tell application id "com.openai.codex" to quit',
      'open -b com.openai.codex',
    ])
  })

  test('macOS: an app that is not running is not started', async () => {
    const { calls, run } = fakeRun(() => ok('false'))
    expect(await restartCodexDesktop({ os: 'darwin', run, sleep })).toMatchObject({ kind: 'not_running' })
    expect(calls).toHaveLength(1)
  })

  test('macOS: an app that will not quit is reported, and not opened twice', async () => {
    const { calls, run } = fakeRun((_command, args) => (args.join(' ').includes('is running') ? ok('true') : ok()))
    const outcome = await restartCodexDesktop({ os: 'darwin', run, sleep })
    expect(outcome.kind).toBe('failed')
    expect(outcome.message).toContain('still runs')
    expect(calls).not.toContain('open -b com.openai.codex')
  })

  test('Windows: closes the running image (forced only if it stays), then starts it through codex://', async () => {
    let listed = 0
    const { calls, run } = fakeRun((command, args) => {
      if (command === 'tasklist')
        return ok(
          args.join(' ').includes('ChatGPT.exe') && ++listed <= 1
            ? '"ChatGPT.exe","4242","Console","1","200,000 K"'
            : 'INFO: No tasks are running',
        )
      return ok()
    })
    expect(await restartCodexDesktop({ os: 'win32', run, sleep })).toMatchObject({
      kind: 'restarted',
      message: 'Restarted Codex Desktop (ChatGPT.exe).',
    })
    expect(calls.filter((call) => !call.startsWith('tasklist'))).toEqual([
      'taskkill /IM ChatGPT.exe /T',
      "powershell.exe -NoProfile -NonInteractive -Command Start-Process -ErrorAction Stop 'codex://threads/new'",
    ])
  })

  test('Windows: a failing tasklist is reported, nothing is killed', async () => {
    const { calls, run } = fakeRun(() => ({ error: 'tasklist was not found' }))
    expect(await restartCodexDesktop({ os: 'win32', run, sleep })).toMatchObject({ kind: 'failed' })
    expect(calls.every((call) => call.startsWith('tasklist'))).toBe(true)
  })

  test('elsewhere it says it cannot', async () => {
    const { calls, run } = fakeRun(() => ok())
    expect(await restartCodexDesktop({ os: 'linux', run, sleep })).toMatchObject({ kind: 'unsupported' })
    expect(calls).toEqual([])
  })
})

describe('opening the picker in a browser', () => {
  test.each([
    ['darwin', 'open', ['http://127.0.0.1:8765/picker?token=a&b']],
    ['win32', 'rundll32', ['url.dll,FileProtocolHandler', 'http://127.0.0.1:8765/picker?token=a&b']],
    ['linux', 'xdg-open', ['http://127.0.0.1:8765/picker?token=a&b']],
  ] as const)('%s uses %s, with the URL as one argument', (os, command, args) => {
    expect(browserCommand(os, 'http://127.0.0.1:8765/picker?token=a&b')).toEqual({ command, args: [...args] })
  })
})
