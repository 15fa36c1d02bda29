import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { SettingsLocation } from '../paths'
import { UserError } from '../user-error'
import { createHostService } from './host-service'
import { withGuardedLoopback } from './loopback-guard'
import { childPidsOf, commandLineOf } from './process-info'
import { createSettingsSource } from './settings-source'

export interface GatewayOptions {
  host: string
  port: number
  settings: SettingsLocation
  codexHome: string
  kvDir: string
  runtimeHome: string
  instance: string
  env: NodeJS.ProcessEnv
  log: (line: string) => void
  /** What clients must present; undefined only when the user turned auth off (CODEX_SHIM_AUTH=off). */
  gatewayToken: { value: string; file: string } | undefined
}

export interface RunningGateway {
  url: string
  workerdPid?: number
  stop: () => Promise<void>
}

/** The bundle built by scripts/build.mjs; the CLI itself lives beside it in dist/. */
const workerBundle = new URL('./worker.js', import.meta.url)
const workerConfig = new URL('./worker-config.json', import.meta.url)

/** The binding's name and index as Miniflare's stub announces it in `MF-Custom-Node-Service`. */
const HOST_SERVICE_DESIGNATOR = '0/#HOST'

/** Runs dist/worker.js in workerd through Miniflare, with HOST served by this process. */
export async function runGateway(options: GatewayOptions): Promise<RunningGateway> {
  // Loaded here, not at the top: importing Miniflare costs ~0.5 s that no other command should pay.
  const [{ Log, LogLevel, Miniflare }, config] = await Promise.all([import('miniflare'), readWorkerConfig()])
  // New for every run: only this run's worker knows it, so nothing else that finds the loopback port gets in.
  const hostSecret = randomBytes(32).toString('base64url')
  const source = createSettingsSource({ settings: options.settings, codexHome: options.codexHome, runtimeHome: options.runtimeHome, env: options.env })
  const signalListenersBefore = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')])
  const create = () => new Miniflare({
    host: options.host,
    port: options.port,
    modules: true,
    scriptPath: fileURLToPath(workerBundle),
    // Module names are paths relative to this root; the default (the current directory) breaks when the CLI
    // runs from a directory that is not above dist/ (workerd refuses `..` in module names).
    modulesRoot: fileURLToPath(new URL('.', workerBundle)),
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
    kvNamespaces: { ROUTER_CACHE: 'router-cache' },
    kvPersist: options.kvDir,
    bindings: {
      CODEX_SHIM_BIND_HOST: options.host,
      CODEX_SHIM_ALLOWED_HOSTS: options.env.CODEX_SHIM_ALLOWED_HOSTS ?? '',
      CODEX_SHIM_INSTANCE: options.instance,
      CODEX_SHIM_HOST_SECRET: hostSecret,
      ...(options.gatewayToken
        ? { CODEX_SHIM_ACCESS_TOKEN: options.gatewayToken.value, CODEX_SHIM_TOKEN_FILE: options.gatewayToken.file }
        : { CODEX_SHIM_AUTH: 'off' }),
      ...pickDefined(options.env, ['CODEX_SHIM_UPSTREAM_TIMEOUT_MS', 'CODEX_SHIM_HEADER_GRACE_MS', 'CODEX_SHIM_CHATGPT_BASE_URL']),
    },
    serviceBindings: {
      HOST: { node: createHostService({ source, secret: hostSecret, log: options.log }) },
    },
    // The default fetches Cloudflare's `cf` object from the internet at start-up (slow, and offline it warns).
    cf: false,
    log: new Log(LogLevel.WARN),
  })
  const miniflare = await withGuardedLoopback(
    async () => {
      const instance = create()
      await instance.ready
      return instance
    },
    { allowedService: HOST_SERVICE_DESIGNATOR, log: options.log },
  )
  // Miniflare's exit hook answers SIGTERM with process.exit(143) before anything async can run, which would
  // skip removing daemon.json. The daemon handles both signals itself and disposes Miniflare; Miniflare's
  // `exit` listener stays, so workerd is still killed if the process dies some other way.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!signalListenersBefore.has(listener)) process.removeListener(signal, listener)
    }
  }
  const url = await miniflare.ready
  return { url: url.toString(), workerdPid: await findWorkerdChild(), stop: () => miniflare.dispose() }
}

async function readWorkerConfig(): Promise<{ compatibilityDate: string; compatibilityFlags: string[] }> {
  try {
    return JSON.parse(await readFile(workerConfig, 'utf8')) as { compatibilityDate: string; compatibilityFlags: string[] }
  } catch {
    throw new UserError(`The gateway bundle is missing (${fileURLToPath(workerConfig)}).`, 'Run `npm run build` in the codex-shim checkout.')
  }
}

async function findWorkerdChild(): Promise<number | undefined> {
  for (const pid of await childPidsOf(process.pid)) {
    if ((await commandLineOf(pid))?.includes('workerd')) return pid
  }
  return undefined
}

/** Tuning variables the worker reads as bindings, passed on only when set. */
function pickDefined(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of names) {
    const value = env[name]
    if (value !== undefined && value !== '') picked[name] = value
  }
  return picked
}
