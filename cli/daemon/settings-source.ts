import { join } from 'node:path'
import type { CursorState } from '../../shared/cursor-protocol'
import type { Result } from '../../shared/result'
import type { Settings, SettingsError } from '../../shared/settings'
import { cursorModelsOf } from '../../shared/settings/cursor-schema'
import type { ChatgptAuth, SettingsSnapshot, WatchedFile } from '../../shared/host-protocol'
import type { createCursorStatusCache } from '../cursor/cursor-status'
import { authFilePath, isChatgptPassthroughDisabled, parseChatgptAuth } from '../chatgpt-auth'
import { codexConfigPath } from '../codex/codex-config-file'
import { PASSTHROUGH_ENTRY_FILE } from '../codex/codex-passthrough-entry'
import { managedModel } from '../codex/managed-config'
import type { SettingsLocation } from '../paths'
import { settingsFromRead } from '../settings-file'
import { withLocalServerDefault } from '../discovery/zero-config'
import { createFileSignatureCache, type SignedValue } from './file-signature-cache'
import { buildSettingsSnapshot } from './settings-snapshot'
import { WATCHED_LINK_NAMES, type WatchedFileRole } from './watched-links'

export interface SettingsSourceOptions {
  settings: SettingsLocation
  codexHome: string
  /** Where the CLI keeps Codex's own gpt-5.5 catalog entry. */
  runtimeHome: string
  env: NodeJS.ProcessEnv
  /** Composer's availability; without it (tests), Composer is not offered. */
  cursor?: ReturnType<typeof createCursorStatusCache>
}

export interface VersionedSnapshot {
  version: string
  snapshot: SettingsSnapshot
  /** The files the snapshot was built from, for the worker to re-read itself; absent when files are not all of it. */
  files?: WatchedFile[]
}

/**
 * What the daemon knows from files: models.json (keys resolved from the daemon's environment) and the ChatGPT
 * login in auth.json, each re-read only when its file changes. The version is the files' signatures, so the
 * worker can keep a snapshot and ask only whether it is still current.
 */
export function createSettingsSource(options: SettingsSourceOptions) {
  const isPassthroughDisabled = isChatgptPassthroughDisabled(options.env)
  const paths = watchedFilePaths(options)
  const readSettings = withLocalServerDefault(
    options.settings,
    options.env,
    createFileSignatureCache(paths.settings, (read) => settingsFromRead(options.settings, read)),
  )
  const readAuth = createFileSignatureCache(paths.auth, (read) =>
    read.kind === 'text' ? parseChatgptAuth(read.text) : undefined,
  )
  const entryFile = join(options.runtimeHome, PASSTHROUGH_ENTRY_FILE)
  const readPassthroughEntry = createFileSignatureCache(entryFile, (read) =>
    read.kind === 'text' ? (JSON.parse(read.text) as { entry?: Record<string, unknown> }).entry : undefined,
  )
  const readManagedModel = createFileSignatureCache(paths.config, (read) =>
    read.kind === 'text' ? managedModel(read.text) : undefined,
  )
  let built: VersionedSnapshot | undefined

  /**
   * The current snapshot. `reread` reads the files even where their stat looks unchanged: the worker asks so when
   * it found different bytes in a file (a same-size rewrite within one timestamp tick keeps the stat).
   */
  async function current(reread = false): Promise<VersionedSnapshot> {
    const [settings, auth, model] = await Promise.all([
      readSettings(reread),
      isPassthroughDisabled ? undefined : readAuth(reread),
      readManagedModel(reread),
    ])
    const cursorState = options.cursor?.peek().state ?? 'disabled'
    // The hashes too: a re-read that found new bytes under an unchanged stat is a new version.
    const signed = (value: { signature: string; sha256?: string | null } | undefined) =>
      value === undefined ? 'disabled' : `${value.signature}#${value.sha256}`
    const version = `${signed(settings)}|${signed(auth)}|${signed(model)}|${cursorState}`
    if (built?.version === version) return built
    const files = watchedFiles([
      ['settings', settings],
      ...(auth === undefined ? [] : [['auth', auth] as const]),
      ['config', model],
    ])
    const passthrough = isPassthroughDisabled ? 'disabled' : auth?.value ? 'available' : 'logged_out'
    const snapshot = buildSettingsSnapshot(settings.value, passthrough, options.env)
    built = {
      version,
      snapshot: snapshot.ok
        ? {
            ...snapshot,
            ...(model.value !== undefined ? { managedModel: model.value } : {}),
            cursor: cursorOffer(cursorState, settings.value),
          }
        : snapshot,
      ...(files === undefined ? {} : { files }),
    }
    return built
  }

  async function chatgptAuth(): Promise<ChatgptAuth> {
    if (isPassthroughDisabled) return { ok: false, state: 'disabled' }
    const auth = (await readAuth()).value
    return auth ? { ok: true, ...auth } : { ok: false, state: 'logged_out' }
  }

  async function passthroughEntry(): Promise<Record<string, unknown> | undefined> {
    return (await readPassthroughEntry().catch(() => undefined))?.value
  }

  return { current, chatgptAuth, passthroughEntry }
}

/**
 * Where each file a snapshot is built from lives: what this source reads, and what the worker's links point at
 * (run-gateway.ts), from one place so the two cannot disagree.
 */
export function watchedFilePaths(
  options: Pick<SettingsSourceOptions, 'settings' | 'codexHome'>,
): Record<WatchedFileRole, string> {
  return {
    settings: options.settings.path,
    auth: authFilePath(options.codexHome),
    config: codexConfigPath(options.codexHome),
  }
}

/**
 * The files behind a snapshot with the hash of what was read, by the names the worker reads them under (its links,
 * watched-links.ts), or undefined when one of them did not come from a single read of its file (zero-config serves
 * what local servers offer, which no file shows).
 */
function watchedFiles(
  sources: readonly (readonly [WatchedFileRole, SignedValue<unknown>])[],
): WatchedFile[] | undefined {
  const files: WatchedFile[] = []
  for (const [role, source] of sources) {
    if (source.sha256 === undefined) return undefined
    files.push({ binding: 'WATCHED_FILES', name: WATCHED_LINK_NAMES[role], sha256: source.sha256 })
  }
  return files
}

/** What Composer offers: the `cursor` block's models and mode, else the defaults. */
function cursorOffer(
  state: CursorState,
  settings: Result<Settings, SettingsError>,
): NonNullable<Extract<SettingsSnapshot, { ok: true }>['cursor']> {
  const block: Pick<Settings, 'cursor'> = settings.ok ? settings.value : {}
  return { state, models: cursorModelsOf(block), mode: block.cursor?.mode ?? 'auto' }
}

export type SettingsSource = ReturnType<typeof createSettingsSource>
