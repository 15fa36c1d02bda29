import { createHash } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { extractFile, getRawHeader, listPackage, uncacheAll } from '@electron/asar'
import { afterEach, describe, expect, test } from 'vitest'
import { patchDesktop, restoreDesktop } from '../../../cli/desktop'
import {
  DIGEST_SENTINEL,
  FRAMEWORK_BINARY,
  GATE_FILE,
  fakeMacSystem,
  independentDigest,
  independentHeaderHash,
  makeFakeApp,
  snapshotTree,
  type FakeApp,
  type FakeAppOptions,
} from './fake-desktop-app'

afterEach(() => uncacheAll())

async function setUp(
  options: FakeAppOptions = {},
  systemOptions: { isRunning?: boolean; verifyExitCode?: number } = {},
) {
  const fake = await makeFakeApp(options)
  const verify =
    systemOptions.verifyExitCode === undefined
      ? undefined
      : { exitCode: systemOptions.verifyExitCode, stdout: '', stderr: 'a sealed resource is missing or invalid' }
  const system = fakeMacSystem({ apps: [fake.app], homeDir: fake.root, isRunning: systemOptions.isRunning, verify })
  const patch = (isDryRun: boolean) =>
    patchDesktop(system, { codexHome: fake.codexHome, runtimeHome: fake.runtimeHome, isDryRun })
  return { fake, system, patch, restore: () => restoreDesktop(system, { runtimeHome: fake.runtimeHome }) }
}

/** Every file of an archive by path, read with @electron/asar itself. */
function archiveFiles(archive: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (const entry of listPackage(archive, { isPack: false })) {
    const path = entry.slice(1)
    const node = getRawHeader(archive).header
    const found = path
      .split('/')
      .reduce<Record<string, unknown> | undefined>(
        (current, name) => (current?.files as Record<string, Record<string, unknown>> | undefined)?.[name],
        node as unknown as Record<string, unknown>,
      )
    if (found && !('files' in found) && !('link' in found)) files.set(path, extractFile(archive, path))
  }
  uncacheAll()
  return files
}

function digestsIn(binary: Buffer): string[] {
  const digests: string[] = []
  for (let at = binary.indexOf(DIGEST_SENTINEL); at !== -1; at = binary.indexOf(DIGEST_SENTINEL, at + 1))
    digests.push(binary.subarray(at + 34, at + 66).toString('hex'))
  return digests
}

/** The header's tree without what a repack recomputes (offsets, integrity) or the edit changes (the gate's size). */
function headerShape(archive: Buffer): unknown {
  const header = JSON.parse(archive.subarray(16, 16 + archive.readUInt32LE(12)).toString('utf8')) as unknown
  const strip = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node
    const entries = Object.entries(node).filter(([key]) => key !== 'offset' && key !== 'integrity')
    return Object.fromEntries(
      entries.map(([key, value]) => [
        key,
        key === 'files' ? strip(value) : typeof value === 'object' ? strip(value) : value,
      ]),
    )
  }
  const shape = strip(header) as { files: Record<string, unknown> }
  const flatten = (files: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(files).map(([name, node]) => [
        name,
        typeof node === 'object' && node !== null && 'files' in node
          ? flatten(node.files as Record<string, unknown>)
          : name === 'app-initial-Bq3x9.js'
            ? { ...(node as object), size: 'edited' }
            : node,
      ]),
    )
  return flatten(shape.files)
}

const appAsar = (fake: FakeApp) => join(fake.app, 'Contents', 'Resources', 'app.asar')
const plistHash = (xml: string) => /<key>hash<\/key>\s*<string>([0-9a-f]{64})<\/string>/.exec(xml)?.[1]

describe('desktop patch --dry-run', () => {
  test('lists the exact edits and writes nothing', async () => {
    const { fake, patch } = await setUp()
    const before = await snapshotTree(fake.root)
    const outcome = await patch(true)
    expect(await snapshotTree(fake.root)).toEqual(before)
    if (outcome.kind !== 'dry-run') throw new Error(`expected a dry run, got ${outcome.kind}`)
    const oldHash = independentHeaderHash(await readFile(appAsar(fake)))
    expect(outcome.edits).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^app\\.asar › ${GATE_FILE} at byte \\d+: \`n\\.has\\(a\\.model\\)\` → \`/\\*codex-shim: picker shows every catalog model\\*/!a\\.hidden\`$`,
        ),
      ),
    )
    expect(outcome.edits).toContainEqual(
      expect.stringMatching(
        new RegExp(`^Info\\.plist › ElectronAsarIntegrity › Resources/app\\.asar › hash: ${oldHash} → [0-9a-f]{64}$`),
      ),
    )
    expect(outcome.edits).toContainEqual(
      expect.stringMatching(
        /Codex Framework: integrity digest in 2 slices \(bytes \d+, \d+\): [0-9a-f]{64} → [0-9a-f]{64}$/,
      ),
    )
    expect(outcome.edits).toContainEqual(expect.stringContaining('codesign --verify --deep --strict'))
    expect(outcome.edits).toContainEqual(
      expect.stringContaining(join(fake.runtimeHome, 'desktop-backups', '26.917.31250', 'ChatGPT.app.original')),
    )
  })
})

describe('desktop patch', () => {
  test('changes only the gate, and recomputes the header hash and both digest slots', async () => {
    const { fake, patch, system } = await setUp()
    const before = await snapshotTree(fake.app)
    const originalFiles = archiveFiles(appAsar(fake))
    const originalArchive = await readFile(appAsar(fake))
    const outcome = await patch(false)
    expect(outcome.kind).toBe('patched')

    const patchedFiles = archiveFiles(appAsar(fake))
    expect([...patchedFiles.keys()]).toEqual([...originalFiles.keys()])
    for (const [path, bytes] of originalFiles) {
      if (path !== GATE_FILE) expect(patchedFiles.get(path)?.equals(bytes), path).toBe(true)
    }
    const original = originalFiles.get(GATE_FILE) ?? Buffer.alloc(0)
    const expected = Buffer.from(
      original
        .toString('latin1')
        .replace('?n.has(a.model):', '?/*codex-shim: picker shows every catalog model*/!a.hidden:'),
      'latin1',
    )
    expect(patchedFiles.get(GATE_FILE)?.equals(expected)).toBe(true)
    expect(patchedFiles.get(GATE_FILE)?.includes(Buffer.from([0xff]))).toBe(true)

    const archive = await readFile(appAsar(fake))
    const headerHash = independentHeaderHash(archive)
    expect(plistHash(await readFile(join(fake.app, 'Contents', 'Info.plist'), 'utf8'))).toBe(headerHash)
    expect(digestsIn(await readFile(join(fake.app, FRAMEWORK_BINARY)))).toEqual([
      independentDigest(headerHash).toString('hex'),
      independentDigest(headerHash).toString('hex'),
    ])
    const header = JSON.parse(archive.subarray(16, 16 + archive.readUInt32LE(12)).toString('utf8')) as {
      files: Record<string, { files: Record<string, { files: Record<string, { integrity: { hash: string } }> }> }>
    }
    const gateNode = header.files.webview?.files.assets?.files['app-initial-Bq3x9.js']
    expect(gateNode?.integrity.hash).toBe(createHash('sha256').update(expected).digest('hex'))

    // Same entries with the same flags (unpacked, executable, links); only offsets, integrity and the gate's size move.
    expect(headerShape(await readFile(appAsar(fake)))).toEqual(headerShape(originalArchive))
    expect(headerShape(originalArchive)).toMatchObject({
      node_modules: { 'native-keymap': { build: { Release: { 'keymap.node': { unpacked: true } } } } },
      bin: { 'helper.sh': { executable: true } },
    })

    const after = await snapshotTree(fake.app)
    expect([...before.keys()].filter((path) => !after.has(path))).toEqual([])
    const changed = [...after.keys()].filter((path) => after.get(path) !== before.get(path))
    expect(changed.sort()).toEqual(
      [
        'Contents/Frameworks/ChatGPT Helper (Renderer).app/Contents/_CodeSignature',
        'Contents/Frameworks/ChatGPT Helper (Renderer).app/Contents/_CodeSignature/CodeResources',
        'Contents/Frameworks/Codex Framework.framework/Contents',
        'Contents/Frameworks/Codex Framework.framework/Contents/_CodeSignature',
        'Contents/Frameworks/Codex Framework.framework/Contents/_CodeSignature/CodeResources',
        FRAMEWORK_BINARY,
        'Contents/Info.plist',
        'Contents/Resources/app.asar',
        'Contents/_CodeSignature/CodeResources',
      ].sort(),
    )
    expect(system.calls.filter((call) => call.startsWith('codesign --sign'))).toEqual([
      expect.stringMatching(/Codex Framework\.framework$/),
      expect.stringContaining('ChatGPT Helper (Renderer).app'),
      expect.stringMatching(/ChatGPT\.app$/),
    ])
    const mainEntitlements = system.entitlementsBySign.get([...system.entitlementsBySign.keys()].at(-1) ?? '') ?? ''
    expect(mainEntitlements).toContain('com.apple.security.cs.disable-library-validation')
    expect(mainEntitlements).toContain('com.apple.security.cs.allow-jit')
    expect(mainEntitlements).not.toContain('com.apple.application-identifier')
    expect(mainEntitlements).not.toContain('keychain-access-groups')
    expect(mainEntitlements).not.toContain('com.apple.developer.team-identifier')
  })

  test('then status says it is already patched, and restore brings back the original bytes', async () => {
    const { fake, patch, restore } = await setUp()
    const before = await snapshotTree(fake.app)
    await patch(false)
    expect(await patch(false)).toMatchObject({
      kind: 'nothing-to-do',
      verdict: { reason: expect.stringContaining('already patched by codex-shim') },
    })
    expect(await restore()).toEqual({ kind: 'restored', app: fake.app, version: '26.917.31250' })
    expect(await snapshotTree(fake.app)).toEqual(before)
    expect(await snapshotTree(fake.runtimeHome)).toEqual(new Map([['desktop-backups', 'dir']]))
  })

  test('restore refuses a backup from another app version and says which version it has', async () => {
    const { fake, patch, restore } = await setUp()
    await patch(false)
    const plist = join(fake.app, 'Contents', 'Info.plist')
    await writeFile(plist, (await readFile(plist, 'utf8')).replace('26.917.31250', '26.1002.3140'))
    const before = await snapshotTree(fake.root)
    await expect(restore()).rejects.toThrow(
      /stopped at "match the backup": the backup is of Codex Desktop 26\.917\.31250 \(build 3125\), and the installed app is 26\.1002\.3140[\s\S]*codex-shim desktop restore/,
    )
    expect(await snapshotTree(fake.root)).toEqual(before)
  })

  test('a current build needs no patch, and nothing is written', async () => {
    const { fake, patch } = await setUp({ gate: 'current' })
    const before = await snapshotTree(fake.root)
    expect(await patch(false)).toMatchObject({ kind: 'nothing-to-do', verdict: { kind: 'no-patch-needed' } })
    expect(await snapshotTree(fake.root)).toEqual(before)
  })

  test.each([
    [{ gate: 'twice' }, /stopped at "check": cannot patch: the picker gate matches 2 places/],
    [{ gate: 'none' }, /stopped at "check": cannot patch: no picker gate/],
    [{ digest: 'version-2' }, /stopped at "check": cannot patch: unknown ASAR integrity digest format/],
  ] as [FakeAppOptions, RegExp][])(
    'refuses %o without touching anything, naming the step and the restore command',
    async (options, message) => {
      const { fake, patch } = await setUp(options)
      const before = await snapshotTree(fake.root)
      const failure = patch(false)
      await expect(failure).rejects.toThrow(message)
      await expect(failure).rejects.toThrow(/Your app was not changed\. To undo a patch: `codex-shim desktop restore`/)
      expect(await snapshotTree(fake.root)).toEqual(before)
    },
  )

  test('a failed signature check stops before the swap: the app is untouched and no backup is left', async () => {
    const { fake, patch } = await setUp({}, { verifyExitCode: 3 })
    const before = await snapshotTree(fake.root)
    await expect(patch(false)).rejects.toThrow(
      /stopped at "verify the signature": codesign --verify --deep --strict: a sealed resource is missing or invalid[\s\S]*Your app was not changed[\s\S]*codex-shim desktop restore/,
    )
    expect(await snapshotTree(fake.root)).toEqual(before)
  })

  test('refuses while Codex Desktop runs', async () => {
    const { fake, patch } = await setUp({}, { isRunning: true })
    const before = await snapshotTree(fake.root)
    await expect(patch(false)).rejects.toThrow(
      /stopped at "check that Codex Desktop is closed": Codex Desktop is running[\s\S]*Quit it/,
    )
    expect(await snapshotTree(fake.root)).toEqual(before)
  })

  test('with the digest off, only the archive and the plist change, and only the app is re-signed', async () => {
    const { fake, patch, system } = await setUp({ digest: 'off' })
    const frameworkBefore = await readFile(join(fake.app, FRAMEWORK_BINARY))
    await patch(false)
    expect((await readFile(join(fake.app, FRAMEWORK_BINARY))).equals(frameworkBefore)).toBe(true)
    expect(system.calls.filter((call) => call.startsWith('codesign --sign'))).toEqual([
      expect.stringMatching(/ChatGPT\.app$/),
    ])
    expect(plistHash(await readFile(join(fake.app, 'Contents', 'Info.plist'), 'utf8'))).toBe(
      independentHeaderHash(await readFile(appAsar(fake))),
    )
  })
})

describe('other bundles', () => {
  test('a binary Info.plist is read through plutil and written back as XML with the new hash', async () => {
    const { fake, system } = await setUp()
    const plist = join(fake.app, 'Contents', 'Info.plist')
    const xml = await readFile(plist, 'utf8')
    await writeFile(plist, Buffer.concat([Buffer.from('bplist00'), Buffer.from([0, 1, 2, 3])]))
    const withPlutil = { ...system, plistToXml: async () => xml }
    await patchDesktop(withPlutil, { codexHome: fake.codexHome, runtimeHome: fake.runtimeHome, isDryRun: false })
    expect(plistHash(await readFile(plist, 'utf8'))).toBe(independentHeaderHash(await readFile(appAsar(fake))))
  })

  test('--app naming something that is not a bundle is a one-line error', async () => {
    const { fake, system } = await setUp()
    const missing = join(fake.root, 'Nope.app')
    await expect(
      patchDesktop(system, { codexHome: fake.codexHome, runtimeHome: fake.runtimeHome, app: missing, isDryRun: true }),
    ).rejects.toThrow(`${missing} is not an app bundle we can read`)
  })

  test('an archive that cannot be read is "cannot patch", not a crash', async () => {
    const { fake, system } = await setUp()
    await writeFile(appAsar(fake), 'not an archive')
    await expect(
      patchDesktop(system, { codexHome: fake.codexHome, runtimeHome: fake.runtimeHome, isDryRun: true }),
    ).rejects.toThrow(/stopped at "check": cannot patch: could not read/)
  })
})

describe('desktop restore after a patch stopped between its two renames', () => {
  test('puts the original back where the app was', async () => {
    const { fake, patch, restore } = await setUp()
    const before = await snapshotTree(fake.app)
    await patch(false)
    await rm(fake.app, { recursive: true })
    expect(await restore()).toMatchObject({ kind: 'restored', app: fake.app })
    expect(await snapshotTree(fake.app)).toEqual(before)
  })
})

describe('desktop restore without a patch', () => {
  test('says there is nothing to restore', async () => {
    const { restore } = await setUp()
    expect(await restore()).toMatchObject({
      kind: 'nothing-to-restore',
      reason: expect.stringContaining('was not patched'),
    })
  })
})
