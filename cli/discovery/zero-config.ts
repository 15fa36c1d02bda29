import { createHash } from 'node:crypto'
import { access } from 'node:fs/promises'
import { ok, type Result } from '../../shared/result'
import { normalizeSettings, type Settings, type SettingsError } from '../../shared/settings'
import type { SignedValue } from '../daemon/file-signature-cache'
import type { SettingsLocation } from '../paths'
import { loadSettingsOrThrow } from '../settings-file'
import { discoverLocalServers } from './discover-local-servers'
import type { FoundServer } from './local-model'
import { localModelRow } from './local-model-rows'
import { isDiscoveryDisabled } from './local-servers'

/** Where the models a command shows came from. */
export type ModelsSource =
  | { kind: 'file'; path: string }
  | { kind: 'local-servers'; path: string; servers: FoundServer[] }

type SignedSettings = SignedValue<Result<Settings, SettingsError>>

/** How long the daemon trusts what it found: the catalog is re-read often, local servers come and go rarely. */
const DAEMON_DISCOVERY_TTL_MS = 5000

/**
 * Zero-config applies while the default models.json does not exist: a file the user named must exist, and the
 * first models.json (even an empty one) turns it off for good.
 */
async function isZeroConfig(location: SettingsLocation, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (location.isExplicit || isDiscoveryDisabled(env)) return false
  return access(location.path).then(
    () => false,
    () => true,
  )
}

/** The settings the gateway serves from what the local servers offer (every model of every server found). */
export function settingsFromLocalServers(servers: readonly FoundServer[]): Settings {
  const rows = servers.flatMap((server) => server.models.map((model) => localModelRow(server, model)))
  const settings = normalizeSettings({ models: rows }, 'local servers')
  // Our own rows always validate; were one not to, serving nothing is the safe answer.
  return settings.ok
    ? settings.value
    : { models: [], warnings: ['local servers: a discovered model could not be served'] }
}

/** For commands: models.json, or while there is none, the local servers found right now. */
export async function loadSettingsOrLocalServers(
  location: SettingsLocation,
  env: NodeJS.ProcessEnv,
): Promise<{ settings: Settings; source: ModelsSource }> {
  if (!(await isZeroConfig(location, env)))
    return { settings: await loadSettingsOrThrow(location), source: { kind: 'file', path: location.path } }
  const servers = await discoverLocalServers(env)
  return {
    settings: settingsFromLocalServers(servers),
    source: { kind: 'local-servers', path: location.path, servers },
  }
}

/** One line for `start` and `list`: which file, or which local servers, the models come from. */
export function describeModelsSource(source: ModelsSource): string {
  if (source.kind === 'file') return `Models from ${source.path}`
  if (source.servers.length === 0)
    return `No ${source.path} yet, and no local model server (Ollama, LM Studio, llama.cpp, vLLM) answers`
  const servers = source.servers.map(
    (server) =>
      `${server.label} at ${server.url} (${server.models.length} model${server.models.length === 1 ? '' : 's'})`,
  )
  return `Models from local servers, served while ${source.path} does not exist: ${servers.join(', ')}`
}

/**
 * The daemon's models.json reader with the zero-config default: while the file is missing, the local servers'
 * models, found at most every few seconds and never on a request's path once found (a stale answer is served
 * while a fresh look runs in the background; only the very first look is waited for).
 */
export function withLocalServerDefault(
  location: SettingsLocation,
  env: NodeJS.ProcessEnv,
  readModelsFile: (reread?: boolean) => Promise<SignedSettings>,
): (reread?: boolean) => Promise<SignedSettings> {
  let held: { at: number; value: SignedSettings } | undefined
  let looking: Promise<SignedSettings> | undefined

  function look(): Promise<SignedSettings> {
    looking ??= discoverLocalServers(env)
      // Discovery reports trouble as "not found"; should it ever throw, no local models beats failing every request.
      .catch((): FoundServer[] => [])
      .then((servers) => {
        const settings = settingsFromLocalServers(servers)
        const value = { signature: `local:${signatureOf(settings)}`, value: ok(settings) }
        held = { at: Date.now(), value }
        return value
      })
      .finally(() => {
        looking = undefined
      })
    return looking
  }

  return async function readSettings(reread = false) {
    const file = await readModelsFile(reread)
    if (file.signature !== 'missing' || location.isExplicit || isDiscoveryDisabled(env)) return file
    if (held === undefined) return look()
    if (Date.now() - held.at > DAEMON_DISCOVERY_TTL_MS) void look()
    return held.value
  }
}

/** Changes whenever what is served does, so the worker fetches the new snapshot (and only then). */
function signatureOf(settings: Settings): string {
  const served = settings.models.map((model) => [
    model.slug,
    model.baseUrl,
    model.model,
    model.maxContextLimit,
    model.noImageSupport,
  ])
  return createHash('sha256').update(JSON.stringify(served)).digest('base64url').slice(0, 16)
}
