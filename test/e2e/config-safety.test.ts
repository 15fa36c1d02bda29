import { lstat, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'smol-toml'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { BEGIN_MARKER, END_MARKER } from '../../cli/codex/managed-config'
import { runCli } from '../kit/cli-runner'
import { runCodex } from '../kit/codex-cli'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { ParsedTree } from '../kit/parsed-tree'

let gateway: GatewayHarness
const ORIGINAL = '# mine\nmodel = "gpt-5.5"\napproval_policy = "never"\n\n[profiles.fast]\nmodel = "o3"\n'
const configPath = () => join(gateway.home.codexHome, 'config.toml')
const cli = (...args: string[]) => runCli([...args, '--port', String(gateway.port)], gateway.home.env)
const countOf = (text: string, needle: string) => text.split(needle).length - 1

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      { model: 'mock-chat', slug: 'mock', provider: 'openai', api_key: 'sk-x' },
      { model: 'other', slug: 'other', provider: 'openai' },
    ],
  })
})
afterAll(async () => {
  await gateway?.stop()
})
beforeEach(async () => {
  await mkdir(gateway.home.codexHome, { recursive: true })
  await writeFile(configPath(), ORIGINAL)
})

describe('Codex’s own edits while the block is installed', () => {
  test('an MCP server added with the real `codex mcp add` (and a feature it enables) survives `disable`', async () => {
    expect((await cli('enable')).exitCode).toBe(0)
    const codexEnv = { env: { CODEX_HOME: gateway.home.codexHome }, cwd: gateway.home.root }
    const add = await runCodex(['mcp', 'add', 'docs', '--', 'npx', '-y', 'docs-server'], codexEnv)
    expect(add.stdout + add.stderr).toContain("Added global MCP server 'docs'")
    const feature = await runCodex(['features', 'enable', 'shell_snapshot'], codexEnv)
    expect(feature.exitCode).toBe(0)
    expect((parse(await readFile(configPath(), 'utf8')) as ParsedTree).mcp_servers.docs.command).toBe('npx')

    const disable = await cli('disable')
    expect(disable.exitCode).toBe(0)
    const after = await readFile(configPath(), 'utf8')
    expect(after.startsWith(ORIGINAL)).toBe(true)
    expect(parse(after)).toEqual({
      ...parse(ORIGINAL),
      mcp_servers: { docs: { command: 'npx', args: ['-y', 'docs-server'] } },
      features: { shell_snapshot: true },
    })
    expect(after).not.toContain('codex-shim')
    expect((await cli('start')).exitCode).toBe(0)
  })
})

describe('moving from the original Python codex-shim', () => {
  test('its block is recognised and replaced, `enable` says so, and `disable` brings back the user’s own lines', async () => {
    const legacy = [
      '# >>> codex-shim managed >>>',
      '# codex-shim previous-top-level = {"model": "model = \\"gpt-5.5\\""}',
      'model = "mock"',
      'model_provider = "codex_shim"',
      '# <<< codex-shim managed <<<',
      'approval_policy = "never"',
      '# >>> codex-shim managed >>>',
      '[model_providers.codex_shim]',
      'base_url = "http://127.0.0.1:1/v1"',
      '# <<< codex-shim managed <<<',
      '',
    ].join('\n')
    await writeFile(configPath(), legacy)
    const enable = await cli('enable')
    expect(enable.exitCode).toBe(0)
    expect(enable.stderr).toContain('Replaced the block the original Python codex-shim wrote')
    const enabled = await readFile(configPath(), 'utf8')
    expect(enabled).not.toContain('# >>> codex-shim managed >>>')
    expect((parse(enabled) as ParsedTree).model_providers.codex_shim.base_url).toBe(
      `http://127.0.0.1:${gateway.port}/v1`,
    )
    expect((await cli('disable')).exitCode).toBe(0)
    expect(await readFile(configPath(), 'utf8')).toBe('model = "gpt-5.5"\napproval_policy = "never"\n')
    expect((await cli('start')).exitCode).toBe(0)
  })
})

describe('edits that cannot destroy', () => {
  test('a config whose end marker was deleted by hand is refused, naming the line, and left byte-identical', async () => {
    expect((await cli('enable')).exitCode).toBe(0)
    const enabled = await readFile(configPath(), 'utf8')
    const at = enabled.lastIndexOf(END_MARKER)
    const damaged = enabled.slice(0, at) + enabled.slice(at + END_MARKER.length + 1)
    await writeFile(configPath(), damaged)
    for (const command of ['disable', 'enable']) {
      const run = await cli(command)
      expect(run.exitCode).toBe(1)
      expect(run.stderr).toMatch(
        /config\.toml line \d+: a codex-shim block starts here, but its end marker is missing\. Nothing was changed\./,
      )
      expect(run.stderr).toContain(END_MARKER)
      expect(await readFile(configPath(), 'utf8')).toBe(damaged)
    }
    await writeFile(configPath(), ORIGINAL)
    expect((await cli('start')).exitCode).toBe(0)
  })

  test('a symlinked config (stow, chezmoi) stays a symlink and keeps the exact round trip', async () => {
    const dotfiles = join(gateway.home.root, 'dotfiles')
    await mkdir(dotfiles, { recursive: true })
    await writeFile(join(dotfiles, 'codex.toml'), ORIGINAL)
    await rm(configPath())
    await symlink('../dotfiles/codex.toml', configPath())

    expect((await cli('enable')).exitCode).toBe(0)
    expect((await lstat(configPath())).isSymbolicLink()).toBe(true)
    expect(
      (parse(await readFile(join(dotfiles, 'codex.toml'), 'utf8')) as Record<string, unknown>).model_provider,
    ).toBe('codex_shim')
    expect((await cli('model', 'use', 'other')).exitCode).toBe(0)
    expect((await cli('disable')).exitCode).toBe(0)
    expect((await lstat(configPath())).isSymbolicLink()).toBe(true)
    expect(await readFile(join(dotfiles, 'codex.toml'), 'utf8')).toBe(ORIGINAL)
    await rm(configPath())
    expect((await cli('start')).exitCode).toBe(0)
  })

  test('two `enable` runs at once take turns and leave one valid block', async () => {
    const runs = await Promise.all([cli('enable'), cli('model', 'use', 'other'), cli('enable')])
    expect(runs.map((run) => run.exitCode)).toEqual([0, 0, 0])
    const text = await readFile(configPath(), 'utf8')
    expect(countOf(text, BEGIN_MARKER)).toBe(2)
    expect(countOf(text, END_MARKER)).toBe(2)
    expect(countOf(text, '# codex-shim displaced: model = "gpt-5.5"')).toBe(1)
    expect((parse(text) as Record<string, unknown>).model_provider).toBe('codex_shim')
    expect((await cli('disable')).exitCode).toBe(0)
    expect(await readFile(configPath(), 'utf8')).toBe(ORIGINAL)
    expect((await cli('start')).exitCode).toBe(0)
  })
})
