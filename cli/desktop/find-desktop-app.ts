import { access } from 'node:fs/promises'
import { join, resolve, win32 } from 'node:path'
import { UserError } from '../user-error'
import { CODEX_BUNDLE_ID, type DesktopSystem } from './desktop-system'
import { readInfoPlist, type InfoPlist } from './info-plist'

/** The Windows app ships through the Store as OpenAI.Codex, newer builds as OpenAI.ChatGPT (reference/windows.md §5). */
const STORE_PACKAGE_PREFIXES = ['OpenAI.Codex_', 'OpenAI.ChatGPT_'] as const

export type DesktopLocation =
  | { kind: 'mac-app'; app: string; info: InfoPlist; others: string[] }
  | { kind: 'mac-missing'; searched: string[] }
  | { kind: 'windows-store'; packages: string[] }
  | { kind: 'windows-exe'; path: string }
  | { kind: 'windows-missing'; searched: string[] }
  | { kind: 'no-desktop'; platform: NodeJS.Platform }

/** Finds the installed Desktop app; `explicitApp` (the `--app` flag) skips the search. */
export async function findDesktopApp(system: DesktopSystem, explicitApp?: string): Promise<DesktopLocation> {
  if (system.platform === 'darwin') return findMacApp(system, explicitApp)
  if (system.platform === 'win32') return findWindowsApp(system)
  return { kind: 'no-desktop', platform: system.platform }
}

/**
 * By bundle id first (Spotlight), then the usual places under both names: since build 26.707 the app is
 * ChatGPT.app, and some installs still have a Codex.app whose executable is ChatGPT (§2.2).
 */
async function findMacApp(system: DesktopSystem, explicitApp: string | undefined): Promise<DesktopLocation> {
  if (explicitApp !== undefined) {
    const app = resolve(explicitApp)
    const info = await readInfoPlist(app, system).catch((error: unknown) => {
      throw new UserError(
        `${app} is not an app bundle we can read (${error instanceof Error ? error.message : String(error)}).`,
        'Pass the .app folder, e.g. --app /Applications/ChatGPT.app',
      )
    })
    return { kind: 'mac-app', app, info, others: [] }
  }
  const usual = ['/Applications', join(system.homeDir, 'Applications')].flatMap((folder) => [
    join(folder, 'ChatGPT.app'),
    join(folder, 'Codex.app'),
  ])
  const spotlight = await system.findBundlesById(CODEX_BUNDLE_ID)
  // The usual places come first, so that a copy left in Downloads is never the one patched.
  const candidates = [...new Set([...usual, ...spotlight.filter((path) => path.endsWith('.app'))])]
  const found: { app: string; info: InfoPlist }[] = []
  for (const app of candidates) {
    const info = await readInfoPlist(app, system).catch(() => undefined)
    if (info?.bundleId === CODEX_BUNDLE_ID) found.push({ app, info })
  }
  const [first, ...rest] = found
  if (!first) return { kind: 'mac-missing', searched: usual }
  return { kind: 'mac-app', app: first.app, info: first.info, others: rest.map((entry) => entry.app) }
}

async function findWindowsApp(system: DesktopSystem): Promise<DesktopLocation> {
  const packages = await system.findStorePackages(STORE_PACKAGE_PREFIXES)
  if (packages.length > 0) return { kind: 'windows-store', packages }
  const localAppData = system.env.LOCALAPPDATA ?? win32.join(system.homeDir, 'AppData', 'Local')
  const searched = [
    win32.join(localAppData, 'Programs', 'ChatGPT', 'ChatGPT.exe'),
    win32.join(localAppData, 'Programs', 'Codex', 'Codex.exe'),
  ]
  for (const path of searched) {
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return { kind: 'windows-exe', path }
  }
  return { kind: 'windows-missing', searched }
}
