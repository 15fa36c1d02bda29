import { mkdir, readdir, readlink, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getJson } from '../kit/cli-runner'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'

// The worker confirms its settings by reading models.json, auth.json and config.toml itself (a read-only disk
// binding of a directory of links to them) and asks the daemon only when one of them changed: each edit below
// must be seen by the very next request, however fast it follows the write and whether or not the file's size or
// second changed.
let gateway: GatewayHarness
const row = (slug: string) => ({ model: slug, slug, provider: 'openai', api_key: 'sk-files-test' })
const modelsFile = () => join(gateway.home.runtimeHome, 'models.json')
const writeModels = (...slugs: string[]) => writeFile(modelsFile(), JSON.stringify({ models: slugs.map(row) }))

const slugs = async () =>
  ((await getJson(`${gateway.url}/v1/models`, gateway.authHeaders)).body as { data: { id: string }[] }).data
    .map((entry) => entry.id)
    .filter((id) => id.startsWith('edit-'))
const passthrough = async () =>
  ((await getJson(`${gateway.url}/health`)).body as { chatgpt_passthrough: boolean }).chatgpt_passthrough

beforeAll(async () => {
  gateway = await startGatewayHarness({ models: [row('edit-0000')] })
})
afterAll(async () => {
  await gateway?.stop()
})

test('a same-size rewrite of models.json right after a request is served by the next request', async () => {
  expect(await slugs()).toEqual(['edit-0000'])
  for (const slug of ['edit-1111', 'edit-2222', 'edit-3333', 'edit-4444']) {
    await writeModels(slug)
    expect(await slugs()).toEqual([slug])
  }
})

test('a Codex login and logout in auth.json are seen by the next request', async () => {
  const authFile = join(gateway.home.codexHome, 'auth.json')
  expect(await passthrough()).toBe(false)
  await writeFile(authFile, JSON.stringify({ tokens: { access_token: 'chatgpt-token-files-test' } }))
  expect(await passthrough()).toBe(true)
  await writeFile(authFile, '{}')
  expect(await passthrough()).toBe(false)
  await writeFile(authFile, JSON.stringify({ tokens: { access_token: 'chatgpt-token-files-test' } }))
  expect(await passthrough()).toBe(true)
  await rm(authFile)
  expect(await passthrough()).toBe(false)
})

test('a broken models.json is reported on every request until it is fixed, then served at once', async () => {
  await writeFile(modelsFile(), '{"models": [')
  for (let i = 0; i < 2; i++) {
    const answer = await getJson(`${gateway.url}/v1/models`, gateway.authHeaders)
    expect(answer.status).toBe(500)
    expect(JSON.stringify(answer.body)).toContain('models.json')
  }
  await writeModels('edit-5555', 'edit-6666')
  expect(await slugs()).toEqual(['edit-5555', 'edit-6666'])
  await rm(modelsFile())
  expect(await slugs()).toEqual([])
})

test("Codex's home moved aside and made again while the gateway runs: the next request reads the new one", async () => {
  const { codexHome } = gateway.home
  // A models.json again (the test before removed it, and zero-config's answers come from no file, so they are
  // always asked for), so the worker is back to confirming its settings by their files.
  await writeModels('edit-7777')
  expect(await slugs()).toEqual(['edit-7777'])
  await writeFile(
    join(codexHome, 'auth.json'),
    JSON.stringify({ tokens: { access_token: 'chatgpt-token-files-test' } }),
  )
  expect(await passthrough()).toBe(true)
  // What a restore from backup or a dotfiles manager does: the old directory, with its old login, still exists.
  await rename(codexHome, `${codexHome}.old`)
  await mkdir(codexHome)
  await writeFile(join(codexHome, 'auth.json'), '{}')
  expect(await passthrough()).toBe(false)
})

test('the worker sees only links to the three files, made for this run and removed when the gateway stops', async () => {
  const own = await startGatewayHarness({ models: [row('edit-own')] })
  const folder = join(own.home.runtimeHome, 'watched')
  try {
    const runs = (await readdir(folder)).filter((entry) => entry.startsWith('run-'))
    expect(runs).toHaveLength(1)
    const directory = join(folder, runs[0] ?? '')
    expect((await readdir(directory)).sort()).toEqual(['auth.json', 'config.toml', 'models.json'])
    expect(await readlink(join(directory, 'models.json'))).toBe(join(own.home.runtimeHome, 'models.json'))
    expect(await readlink(join(directory, 'auth.json'))).toBe(join(own.home.codexHome, 'auth.json'))
  } finally {
    await own.stop()
  }
  expect(await readdir(folder)).toEqual([])
})
