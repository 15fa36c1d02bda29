import { createHash } from 'node:crypto'
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { createPackageWithOptions, uncacheAll } from '@electron/asar'
import type { CommandResult, DesktopSystem } from '../../../cli/desktop'

/**
 * Synthetic Codex Desktop bundles (nothing here comes from a real app): an app.asar packed by @electron/asar from
 * a made-up renderer, an XML Info.plist with ElectronAsarIntegrity, and a framework binary carrying Electron's fuse
 * wire and the Electron 41 digest slot, laid out as reference/opencode-and-desktop.md §2.2 describes.
 */

/** 26.1002: a configured catalog or a custom provider skips the allowlist (§2.2). */
export const CURRENT_GATE =
  'function Xy({additionalAvailableModels:e,apiKeyDaybreakSupported:t,authMethod:n,availableModels:r,hasConfiguredModelCatalog:i,isCustomModelProvider:a,model:o,useHiddenModels:s}){' +
  'let c=o.availableAccessPrograms?.cyber;return n===`apikey`&&!t&&c!=null&&c.length>0&&!c.includes(`standard`)?!1:e?.has(o.model)===!0||o.model!==`codex-auto-review`&&' +
  '(i&&!o.hidden||(s&&!a&&n!==`amazonBedrock`?r.has(o.model)||n===`apikey`&&t&&!o.hidden&&c?.some(e=>e!==`standard`)===!0:!o.hidden))}'
/** 26.9xx: the allowlist alone decides. */
export const OLDER_GATE =
  'function Yg({authMethod:t,availableModels:n,model:a,useHiddenModels:o}){return o&&t!==`amazonBedrock`?n.has(a.model):!a.hidden}'

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
export const DIGEST_SENTINEL = 'AGbevlPCksUGKNL8TSn7wGmJEuJsXb2A'
export const FRAMEWORK_BINARY = 'Contents/Frameworks/Codex Framework.framework/Versions/A/Codex Framework'
export const GATE_FILE = 'webview/assets/app-initial-Bq3x9.js'

export interface FakeAppOptions {
  gate?: 'current' | 'older' | 'none' | 'twice'
  digest?: 'v1' | 'off' | 'absent' | 'version-2'
  version?: string
  /** Info.plist's hash disagrees with the archive, as after someone else's edit. */
  isPlistHashStale?: boolean
}

export interface FakeApp {
  root: string
  app: string
  runtimeHome: string
  codexHome: string
}

/** Renderer text around the gate: UTF-8 and a stray 0xFF byte, so that a lossy re-encode would show. */
function scriptWith(gate: string): Buffer {
  return Buffer.concat([
    Buffer.from('const label="Modèle ✓ 模型";\n/* raw byte: '),
    Buffer.from([0xff]),
    Buffer.from(` */\n${gate}\nexport{Xy};\n`),
  ])
}

export async function makeFakeApp(options: FakeAppOptions = {}): Promise<FakeApp> {
  const root = await mkdtemp(join(tmpdir(), 'codex-shim-desktop-'))
  const app = join(root, 'Applications', 'ChatGPT.app')
  const source = join(root, 'renderer')
  const gate = options.gate ?? 'older'
  const gateText = {
    current: CURRENT_GATE,
    older: OLDER_GATE,
    none: 'function Yg(){return!0}',
    twice: `${OLDER_GATE}\n${OLDER_GATE.replace('Yg', 'Zh')}`,
  }[gate]
  await writeTree(source, {
    'package.json': '{"name":"openai-codex-electron","main":".vite/build/main.js"}',
    '.vite/build/main.js': 'require("electron").app.whenReady()\n',
    'webview/index.html': '<!doctype html><script type="module" src="./assets/app-initial-Bq3x9.js"></script>',
    [GATE_FILE]: scriptWith(gateText),
    'webview/assets/app-primary-K2d.js': 'export const primary=(a)=>a?.hidden??!1;\n',
    'webview/assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 254, 255]),
    'node_modules/native-keymap/build/Release/keymap.node': Buffer.from('\x7fELF fake native module'),
    'bin/helper.sh': '#!/bin/sh\necho helper\n',
  })
  await chmod(join(source, 'bin/helper.sh'), 0o755)
  await symlink('app-primary-K2d.js', join(source, 'webview/assets/latest.js'))
  await mkdir(join(app, 'Contents', 'Resources'), { recursive: true })
  const asar = join(app, 'Contents', 'Resources', 'app.asar')
  await createPackageWithOptions(source, asar, { unpack: '*.node' })
  uncacheAll()
  const headerHash = independentHeaderHash(await readFile(asar))
  const plistHash = options.isPlistHashStale ? createHash('sha256').update('something else').digest('hex') : headerHash
  await writeFile(join(app, 'Contents', 'Info.plist'), infoPlist(options.version ?? '26.917.31250', plistHash))
  await writeTree(app, {
    'Contents/MacOS/ChatGPT': Buffer.from('\xcf\xfa\xed\xfe fake main executable'),
    'Contents/_CodeSignature/CodeResources': '<plist>vendor seal</plist>',
    'Contents/Resources/icon.icns': Buffer.from([1, 2, 3, 4]),
    'Contents/Frameworks/ChatGPT Helper (Renderer).app/Contents/Info.plist': '<plist><dict/></plist>',
    'Contents/Frameworks/ChatGPT Helper (Renderer).app/Contents/MacOS/ChatGPT Helper (Renderer)': 'helper',
    [FRAMEWORK_BINARY]: frameworkBinary(options.digest ?? 'v1', independentDigest(plistHash)),
  })
  const framework = join(app, 'Contents', 'Frameworks', 'Codex Framework.framework')
  await symlink('A', join(framework, 'Versions', 'Current'))
  await symlink('Versions/Current/Codex Framework', join(framework, 'Codex Framework'))
  return { root, app, runtimeHome: join(root, '.codex-shim'), codexHome: join(root, '.codex') }
}

function infoPlist(version: string, hash: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleExecutable</key>
	<string>ChatGPT</string>
	<key>CFBundleIdentifier</key>
	<string>com.openai.codex</string>
	<key>CFBundleShortVersionString</key>
	<string>${version}</string>
	<key>CFBundleVersion</key>
	<string>3125</string>
	<key>ElectronAsarIntegrity</key>
	<dict>
		<key>Resources/app.asar</key>
		<dict>
			<key>algorithm</key>
			<string>SHA256</string>
			<key>hash</key>
			<string>${hash}</string>
		</dict>
	</dict>
	<key>LSMinimumSystemVersion</key>
	<string>12.0</string>
</dict>
</plist>
`
}

/** Two slices, as in a universal binary: each has its own fuse wire and digest slot. */
function frameworkBinary(digest: NonNullable<FakeAppOptions['digest']>, value: Buffer): Buffer {
  const slice = (seed: number) => {
    const filler = (length: number) => Buffer.from(Array.from({ length }, (_, index) => (index * 31 + seed) % 251))
    // Fuses: RunAsNode, CookieEncryption, NodeOptions, CliInspect, EmbeddedAsarIntegrityValidation (on), OnlyLoadAppFromAsar, …
    const fuses = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('01001100')])
    const slot =
      digest === 'absent'
        ? Buffer.alloc(0)
        : Buffer.concat([
            Buffer.from(DIGEST_SENTINEL),
            Buffer.from([digest === 'off' ? 0 : 1, digest === 'version-2' ? 2 : 1]),
            digest === 'off' ? Buffer.alloc(32) : value,
          ])
    return Buffer.concat([filler(3000), fuses, filler(777), slot, filler(1200)])
  }
  return Buffer.concat([slice(7), slice(91)])
}

/** What Electron checks, computed here from the raw bytes and not by codex-shim's code: SHA-256 of `[16, 16+u32le@12)`. */
export function independentHeaderHash(archive: Buffer): string {
  return createHash('sha256')
    .update(archive.subarray(16, 16 + archive.readUInt32LE(12)))
    .digest('hex')
}

/** The v1 digest over a one-entry ElectronAsarIntegrity: key, algorithm, hash. */
export function independentDigest(hash: string): Buffer {
  return createHash('sha256').update('Resources/app.asar').update('SHA256').update(hash).digest()
}

async function writeTree(base: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(base, path, '..'), { recursive: true })
    await writeFile(join(base, path), content)
  }
}

/** Every file, link and folder under `dir` with its bytes' hash and mode: equal snapshots mean nothing changed. */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>()
  const walk = async (current: string): Promise<void> => {
    for (const name of (await readdir(current)).sort()) {
      const path = join(current, name)
      const stats = await lstat(path)
      const key = relative(dir, path)
      if (stats.isSymbolicLink()) snapshot.set(key, `link ${await readlink(path)}`)
      else if (stats.isDirectory()) {
        snapshot.set(key, 'dir')
        await walk(path)
      } else
        snapshot.set(
          key,
          `${(stats.mode & 0o777).toString(8)} ${createHash('sha256')
            .update(await readFile(path))
            .digest('hex')}`,
        )
    }
  }
  await walk(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
  return snapshot
}

export interface FakeSystem extends DesktopSystem {
  calls: string[]
  /** Entitlements files handed to codesign, by bundle. */
  entitlementsBySign: Map<string, string>
}

export const VENDOR_ENTITLEMENTS = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>com.apple.application-identifier</key><string>2DC432GLL2.com.openai.codex</string>
<key>com.apple.developer.team-identifier</key><string>2DC432GLL2</string>
<key>keychain-access-groups</key><array><string>2DC432GLL2.com.openai.shared</string></array>
<key>com.apple.security.cs.allow-jit</key><true/>
<key>com.apple.security.device.audio-input</key><true/>
</dict></plist>`

/** macOS as the tests need it: ditto is a recursive copy, codesign records what it was asked and marks the seal. */
export function fakeMacSystem(options: {
  apps: string[]
  homeDir: string
  isRunning?: boolean
  verify?: CommandResult
}): FakeSystem {
  const calls: string[] = []
  const entitlementsBySign = new Map<string, string>()
  return {
    platform: 'darwin',
    homeDir: options.homeDir,
    env: {},
    calls,
    entitlementsBySign,
    async findBundlesById(bundleId) {
      calls.push(`mdfind ${bundleId}`)
      return options.apps
    },
    async plistToXml(path) {
      throw new Error(`plutil was not expected for ${path}`)
    },
    async copyBundle(from, to) {
      calls.push(`ditto ${from}`)
      await cp(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true })
    },
    async readEntitlements(bundle) {
      calls.push(`codesign -d ${bundle}`)
      return VENDOR_ENTITLEMENTS
    },
    async signAdHoc(bundle, signOptions) {
      calls.push(`codesign --sign - ${relative(options.homeDir, bundle)}`)
      if (signOptions.entitlementsFile)
        entitlementsBySign.set(bundle, await readFile(signOptions.entitlementsFile, 'utf8'))
      await mkdir(join(bundle, 'Contents', '_CodeSignature'), { recursive: true })
      await writeFile(join(bundle, 'Contents', '_CodeSignature', 'CodeResources'), '<plist>ad hoc seal</plist>')
    },
    async verifySignature(bundle) {
      calls.push(`codesign --verify ${bundle}`)
      return options.verify ?? { exitCode: 0, stdout: '', stderr: '' }
    },
    async isAppRunning() {
      return options.isRunning ?? false
    },
    async findStorePackages() {
      return []
    },
  }
}
