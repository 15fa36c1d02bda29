import { describe, expect, test } from 'vitest'
import { withLoopbackNoProxy } from '../../cli/codex/codex-binary'
import { launchCodexDesktop } from '../../cli/codex/launch-desktop'
import { codexOverrides } from '../../cli/commands/codex'

describe('child processes bypass proxies for loopback', () => {
  test('adds the missing loopback names to both NO_PROXY and no_proxy, keeping what is there in both', () => {
    const env = withLoopbackNoProxy({ NO_PROXY: 'example.com, localhost', HTTPS_PROXY: 'http://proxy:3128' }, 'linux')
    expect(env.NO_PROXY).toBe('example.com,localhost,127.0.0.1,::1')
    // Tools that read the lower-case spelling first (curl, undici) must not lose the user's example.com.
    expect(env.no_proxy).toBe('example.com,localhost,127.0.0.1,::1')
    expect(env.HTTPS_PROXY).toBe('http://proxy:3128')
  })

  test('is case-insensitive and idempotent', () => {
    const once = withLoopbackNoProxy({ no_proxy: 'LOCALHOST' }, 'linux')
    expect(once.no_proxy).toBe('LOCALHOST,127.0.0.1,::1')
    expect(withLoopbackNoProxy(once, 'linux')).toEqual(once)
  })
})

describe('codex-shim codex', () => {
  test('points one run at the gateway with -c overrides only (TOML-quoted values)', () => {
    const args = codexOverrides({
      port: 9001,
      catalogPath: 'C:\\Users\\me "x"\\catalog.json',
      model: 'deepseek',
      runtimeHome: '/home/me/.codex-shim',
    })
    const pairs = args.filter((_, index) => index % 2 === 1)
    expect(args.filter((_, index) => index % 2 === 0).every((flag) => flag === '-c')).toBe(true)
    expect(pairs).toContain('model="deepseek"')
    expect(pairs).toContain('model_provider="codex_shim"')
    expect(pairs).toContain('model_providers.codex_shim.base_url="http://127.0.0.1:9001/v1"')
    expect(pairs).toContain('model_catalog_json="C:\\\\Users\\\\me \\"x\\"\\\\catalog.json"')
    // The token comes from a command Codex runs, never from a value on the command line or in a file.
    expect(pairs).toContain(`model_providers.codex_shim.auth.command=${JSON.stringify(process.execPath)}`)
    expect(pairs.find((pair) => pair.startsWith('model_providers.codex_shim.auth.args='))).toMatch(
      /"token","--home","\/home\/me\/\.codex-shim"\]$/,
    )
    expect(pairs.some((pair) => pair.includes('bearer'))).toBe(false)
  })
})

describe('codex-shim app on Linux', () => {
  test('explains that Codex Desktop is not available instead of failing', async () => {
    const launch = await launchCodexDesktop('.', {}, 'linux')
    expect(launch).toMatchObject({ kind: 'unsupported', reason: expect.stringContaining('macOS and Windows') })
  })
})
