import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { makeTestHome, runCli } from '../kit/cli-runner'
import { runCodex } from '../kit/codex-cli'
import type { ParsedTree } from '../kit/parsed-tree'

const CODEX_BIN = fileURLToPath(new URL('../../node_modules/.bin/codex', import.meta.url))

test('the gpt-5.5 entry carries Codex’s own prompt for it, and Codex still accepts the catalog', async () => {
  const home = await makeTestHome('passthrough-entry')
  await mkdir(home.codexHome, { recursive: true })
  await writeFile(join(home.codexHome, 'auth.json'), JSON.stringify({ tokens: { access_token: 'tok-entry-test' } }))
  const env = { ...home.env, CODEX_SHIM_CODEX_BIN: CODEX_BIN }
  const run = await runCli(['generate'], env)
  expect(run.exitCode).toBe(0)
  const catalogPath = join(home.runtimeHome, 'model-catalog.json')
  const catalog = JSON.parse(await readFile(catalogPath, 'utf8')) as { models: ParsedTree[] }
  const entry = catalog.models.find((model) => model.slug === 'gpt-5.5')
  expect(String(entry?.base_instructions).length).toBeGreaterThan(10_000)
  expect(entry?.model_messages?.instructions_template).toBeDefined()
  expect(entry).toMatchObject({ visibility: 'list', priority: 0, prefer_websockets: false })
  expect(JSON.stringify(catalog)).not.toContain('tok-entry-test')

  const listed = await runCodex(['debug', 'models', '-c', `model_catalog_json=${JSON.stringify(catalogPath)}`])
  expect(listed.exitCode).toBe(0)
  expect((JSON.parse(listed.stdout) as { models: { slug: string }[] }).models.map((model) => model.slug)).toEqual([
    'gpt-5.5',
  ])
})

test('without Codex installed the gateway’s own gpt-5.5 entry serves', async () => {
  const home = await makeTestHome('no-codex')
  await mkdir(home.codexHome, { recursive: true })
  await writeFile(join(home.codexHome, 'auth.json'), JSON.stringify({ tokens: { access_token: 'tok' } }))
  const run = await runCli(['generate'], {
    ...home.env,
    CODEX_SHIM_CODEX_BIN: '/nonexistent/codex',
    PATH: '/usr/bin:/bin',
  })
  expect(run.exitCode).toBe(0)
  const catalog = JSON.parse(await readFile(join(home.runtimeHome, 'model-catalog.json'), 'utf8')) as {
    models: Record<string, unknown>[]
  }
  expect(String(catalog.models[0]?.base_instructions)).toContain('You are Codex, a coding agent running on GPT-5.5')
})
