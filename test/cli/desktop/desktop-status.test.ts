import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { desktopStatus, type DesktopSystem } from '../../../cli/desktop'
import { BEGIN_MARKER, END_MARKER } from '../../../cli/codex/managed-config'
import { fakeMacSystem, makeFakeApp, type FakeAppOptions } from './fake-desktop-app'

async function statusOf(options: FakeAppOptions) {
  const fake = await makeFakeApp(options)
  const system = fakeMacSystem({ apps: [fake.app], homeDir: fake.root })
  return { fake, status: await desktopStatus(system, { codexHome: fake.codexHome }) }
}

describe('desktop status verdicts', () => {
  test('a current build (26.1002 gate) needs no patch', async () => {
    const { status } = await statusOf({ gate: 'current' })
    expect(status.verdict.kind).toBe('no-patch-needed')
    expect(status.lines.map((line) => line.message)).toContainEqual(
      expect.stringContaining("lets a custom provider's catalog through"),
    )
  })

  test('an older build whose gate filters by the allowlist has a patch available', async () => {
    const { status, fake } = await statusOf({ gate: 'older' })
    expect(status.verdict).toMatchObject({
      kind: 'patch-available',
      reason: expect.stringContaining('webview/assets/app-initial-Bq3x9.js'),
    })
    const messages = status.lines.map((line) => line.message)
    expect(messages).toContainEqual(`Codex Desktop 26.917.31250 (build 3125) at ${fake.app}`)
    expect(messages).toContainEqual(expect.stringMatching(/^app\.asar header hash matches Info\.plist/))
    expect(messages).toContainEqual('EnableEmbeddedAsarIntegrityValidation fuse: on')
    expect(messages).toContainEqual(expect.stringMatching(/integrity digest in .*Codex Framework: on \(v1, 2 slices\)/))
  })

  test.each([
    [{ gate: 'none' }, /no picker gate in this build's \d+ scripts/],
    [{ gate: 'twice' }, /the picker gate matches 2 places/],
    [{ digest: 'version-2' }, /unknown ASAR integrity digest format .*digest version 2/],
    [{ isPlistHashStale: true }, /Info\.plist's app\.asar hash does not match the archive/],
  ] as [FakeAppOptions, RegExp][])('cannot patch %o', async (options, reason) => {
    const { status } = await statusOf(options)
    expect(status.verdict.kind).toBe('cannot-patch')
    expect(status.verdict.reason).toMatch(reason)
  })

  test('the digest switched off or absent does not stand in the way', async () => {
    for (const digest of ['off', 'absent'] as const)
      expect((await statusOf({ digest })).status.verdict.kind).toBe('patch-available')
  })

  test('on Linux there is no Desktop app, and the answer points to the CLI', async () => {
    const system = {
      ...fakeMacSystem({ apps: [], homeDir: '/nonexistent' }),
      platform: 'linux',
    } satisfies DesktopSystem
    const status = await desktopStatus(system, { codexHome: '/nonexistent/.codex' })
    expect(status.verdict).toMatchObject({
      kind: 'cannot-patch',
      reason: expect.stringContaining('no Codex Desktop app for Linux'),
    })
    expect(status.lines[0]?.hint).toContain('codex-shim codex')
  })

  test('on Windows a Store install is reported and never patchable', async () => {
    const system: DesktopSystem = {
      ...fakeMacSystem({ apps: [], homeDir: '/nonexistent' }),
      platform: 'win32',
      findStorePackages: async () => ['OpenAI.Codex_26.1002.0.0_x64__2p2nqsd0c76g0'],
    }
    const status = await desktopStatus(system, { codexHome: '/nonexistent/.codex' })
    expect(status.verdict).toMatchObject({ kind: 'cannot-patch', reason: expect.stringContaining('Store (MSIX)') })
    expect(status.lines[0]?.message).toContain('OpenAI.Codex_26.1002.0.0_x64__2p2nqsd0c76g0')
  })

  test('a Mac without the app says it is not installed', async () => {
    const status = await desktopStatus(fakeMacSystem({ apps: [], homeDir: '/nonexistent' }), {
      codexHome: '/nonexistent/.codex',
    })
    expect(status.verdict).toEqual({ kind: 'cannot-patch', reason: 'Codex Desktop is not installed' })
  })
})

describe('whether Desktop reads our catalog', () => {
  async function withCatalog(models: unknown[]) {
    const fake = await makeFakeApp({ gate: 'current' })
    const catalog = join(fake.root, 'model-catalog.json')
    await writeFile(catalog, JSON.stringify({ models }))
    await mkdir(fake.codexHome, { recursive: true })
    await writeFile(
      join(fake.codexHome, 'config.toml'),
      `${BEGIN_MARKER}\nmodel = "a"\nmodel_provider = "codex_shim"\nmodel_catalog_json = ${JSON.stringify(catalog)}\n${END_MARKER}\n`,
    )
    const status = await desktopStatus(fakeMacSystem({ apps: [fake.app], homeDir: fake.root }), {
      codexHome: fake.codexHome,
    })
    return status.lines
  }

  test('without the managed block, Desktop lists only its own models', async () => {
    const { status } = await statusOf({ gate: 'current' })
    expect(status.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: expect.stringContaining('codex-shim provider is not in'),
        hint: expect.stringContaining('codex-shim enable'),
      }),
    )
  })

  test('with the block and a readable catalog inside the first page, all is well', async () => {
    const lines = await withCatalog([{ slug: 'a', priority: 1, visibility: 'list' }])
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'ok', message: expect.stringContaining("reads codex-shim's catalog") }),
    )
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'ok', message: expect.stringContaining('first 100 by priority') }),
    )
  })

  test('models past the first 100 by priority are named', async () => {
    const models = Array.from({ length: 102 }, (_, index) => ({
      slug: `m${index}`,
      priority: 102 - index,
      visibility: 'list',
    }))
    const lines = await withCatalog(models)
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/^2 listed models fall past .*: m1, m0$/),
      }),
    )
  })
})
