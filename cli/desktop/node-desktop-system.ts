import { execFile } from 'node:child_process'
import { homedir } from 'node:os'
import type { CommandResult, DesktopSystem } from './desktop-system'

/** Where Windows lists the Store packages of the current user (reference/windows.md §5). */
const STORE_PACKAGES_KEY =
  'HKCU\\Software\\Classes\\Local Settings\\Software\\Microsoft\\Windows\\CurrentVersion\\AppModel\\Repository\\Packages'

/** The real programs behind DesktopSystem: macOS's mdfind, plutil, ditto, codesign and osascript; Windows's reg. */
export function nodeDesktopSystem(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): DesktopSystem {
  return {
    platform,
    homeDir: homedir(),
    env,
    async findBundlesById(bundleId) {
      // Spotlight may be off or still indexing: no answer means "look at the usual paths", not a failure.
      const result = await runCommand('mdfind', [`kMDItemCFBundleIdentifier == '${bundleId}'`])
      return result.exitCode === 0 ? nonEmptyLines(result.stdout) : []
    },
    async plistToXml(path) {
      return (await runChecked('plutil', ['-convert', 'xml1', '-o', '-', path])).stdout
    },
    async copyBundle(from, to) {
      await runChecked('ditto', ['--noqtn', from, to], 600_000)
    },
    async readEntitlements(bundle) {
      return (await runChecked('codesign', ['-d', '--entitlements', '-', '--xml', bundle])).stdout
    },
    async signAdHoc(bundle, options) {
      const entitlements =
        options.entitlementsFile === undefined
          ? []
          : ['--options', 'runtime', '--entitlements', options.entitlementsFile, '--generate-entitlement-der']
      await runChecked('codesign', ['--force', '--sign', '-', ...entitlements, bundle], 600_000)
    },
    verifySignature(bundle) {
      return runCommand('codesign', ['--verify', '--deep', '--strict', bundle], 600_000)
    },
    async isAppRunning(bundleId) {
      // `application id … is running` asks without launching the app, unlike `tell application`.
      const result = await runChecked('osascript', ['-e', `application id "${bundleId}" is running`])
      return result.stdout.trim() === 'true'
    },
    async findStorePackages(prefixes) {
      const result = await runCommand('reg', ['query', STORE_PACKAGES_KEY])
      if (result.exitCode !== 0) return []
      const names = nonEmptyLines(result.stdout).map((line) => line.split('\\').pop() ?? '')
      return names.filter((name) => prefixes.some((prefix) => name.startsWith(prefix)))
    },
  }
}

/** Runs a program without a shell; a missing program or a non-zero exit is a result, never a throw. */
export function runCommand(file: string, args: string[], timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ exitCode: 0, stdout, stderr })
        const code = typeof error.code === 'number' ? error.code : -1
        resolve({ exitCode: code, stdout, stderr: stderr || error.message })
      },
    )
  })
}

async function runChecked(file: string, args: string[], timeoutMs?: number): Promise<CommandResult> {
  const result = await runCommand(file, args, timeoutMs)
  if (result.exitCode !== 0)
    throw new Error(`${file} ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr.trim()}`)
  return result
}

function nonEmptyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}
