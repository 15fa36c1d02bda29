import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'smol-toml'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../kit/cli-runner'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'

let gateway: GatewayHarness
const authFile = () => join(gateway.home.codexHome, 'auth.json')
const selectedModel = async () =>
  (parse(await readFile(join(gateway.home.codexHome, 'config.toml'), 'utf8')) as { model?: string }).model
const cli = (...args: string[]) => runCli([...args, '--port', String(gateway.port)], gateway.home.env)

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [{ model: 'mock-chat', slug: 'mock', provider: 'openai', api_key: 'sk-x' }],
  })
  await mkdir(gateway.home.codexHome, { recursive: true })
})
afterAll(async () => {
  await gateway?.stop()
})

describe('the passthrough’s older names (openai-gpt-5-5*) through the CLI', () => {
  test.each([
    ['model', 'use'],
    ['app', '-m'],
  ])('`%s %s openai-gpt-5-5…` selects gpt-5.5 while Codex is logged in', async (...command) => {
    await writeFile(
      authFile(),
      JSON.stringify({ auth_mode: 'chatgpt', tokens: { access_token: 'chatgpt-token-5e1f', account_id: 'acct-1' } }),
    )
    for (const slug of ['openai-gpt-5-5', 'openai-gpt-5-5-codex-max']) {
      await cli('model', 'use', 'mock')
      const run = await cli(...command, slug)
      expect(run.stderr).not.toContain('not logged in')
      expect(run.exitCode).toBe(0)
      expect(await selectedModel()).toBe('gpt-5.5')
    }
  })

  test('logged out, they say to run `codex login` and leave the config alone', async () => {
    await rm(authFile(), { force: true })
    await cli('model', 'use', 'mock')
    const run = await cli('model', 'use', 'openai-gpt-5-5')
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('codex login')
    expect(await selectedModel()).toBe('mock')
  })
})
