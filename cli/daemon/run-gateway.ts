import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { WatchedFileBinding } from '../../shared/host-protocol'
import type { SettingsLocation } from '../paths'
import {
  createProcessInspector,
  isProxyConfigured,
  proxySettingsFrom,
  redactProxyUrl,
  type Platform,
  type ProxySettings,
} from '../platform'
import { UserError } from '../user-error'
import type { DaemonIdentity } from './control-channel'
import { createDaemonCursor } from '../cursor/daemon-cursor'
import { runtimeFiles } from '../paths'
import { routerLogPath } from '../router/router-log-file'
import { hostSocketPath, startHostServer } from './host-server'
import { createHostService } from './host-service'
import { loadMiniflare } from './load-miniflare'
import { withGuardedLoopback } from './loopback-guard'
import { createSettingsSource, watchedFilePaths } from './settings-source'
import {
  createUpstreamEgress,
  EGRESS_SERVICE_DESIGNATOR,
  EGRESS_WORKER_NAME,
  EGRESS_WORKER_SCRIPT,
} from './upstream-egress'
import { createWatchedLinks } from './watched-links'
import { forwardWorkerdOutput } from './workerd-output'
import { withWorkerdSpawnWatch } from './workerd-spawn'

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
  platform: Platform
}

export interface RunningGateway {
  url: string
  workerdPid?: number
  /** What only this run's workerd has on its command line (workerd-spawn.ts), so an orphan is recognised. */
  workerdMark?: string
  /** How upstream calls leave this gateway: through which proxy, if any. */
  upstreams: DaemonIdentity['upstreams']
  stop: () => Promise<void>
}

/** The bundle built by scripts/build.mjs; the CLI itself lives beside it in dist/. */
const workerBundle = new URL('./worker.js', import.meta.url)
const workerConfig = new URL('./worker-config.json', import.meta.url)

/**
 * Runs dist/worker.js in workerd through Miniflare, with HOST served by this process. With a proxy configured
 * (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY), the worker's upstream calls go out through Node and the proxy (workerd's own
 * fetch ignores proxies); without one, nothing changes and there is no extra hop.
 */
export async function runGateway(options: GatewayOptions): Promise<RunningGateway> {
  const config = await readWorkerConfig()
  const { Log, LogLevel, Miniflare } = loadMiniflare()
  // New for every run: only this run's worker knows it, so nothing else that finds the loopback port gets in.
  const hostSecret = randomBytes(32).toString('base64url')
  const {
    status: cursorStatus,
    turn: cursorTurn,
    stopAll: stopCursorRuns,
  } = await createDaemonCursor({ env: options.env, runtimeHome: options.runtimeHome, log: options.log })
  const source = createSettingsSource({
    settings: options.settings,
    codexHome: options.codexHome,
    runtimeHome: options.runtimeHome,
    env: options.env,
    cursor: cursorStatus,
  })
  const proxy = proxySettingsFrom(options.env, options.platform.os)
  const egress = isProxyConfigured(proxy) ? await egressWorker(proxy, config.compatibilityDate, options.log) : undefined
  const hostServer = await startHostServer(
    createHostService({
      source,
      secret: hostSecret,
      log: options.log,
      routerLogFile: routerLogPath(runtimeFiles(options.runtimeHome).logDir),
      cursorTurn,
    }),
    hostSocketPath(options.runtimeHome, options.platform),
  )
  const watched = watchedFileBinding(options)
  const signalListenersBefore = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')])
  const gatewayWorker = {
    // The bundle as its one module: given a script path instead, Miniflare parses the whole bundle (with acorn)
    // at every start to find the modules it imports, and it imports none.
    modules: [{ type: 'ESModule' as const, path: fileURLToPath(workerBundle) }],
    // Module names are paths relative to this root; the default (the current directory) breaks when the CLI
    // runs from a directory that is not above dist/ (workerd refuses `..` in module names).
    modulesRoot: fileURLToPath(new URL('.', workerBundle)),
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
    kvNamespaces: { ROUTER_CACHE: 'router-cache' },
    bindings: {
      CODEX_SHIM_BIND_HOST: options.host,
      CODEX_SHIM_ALLOWED_HOSTS: options.env.CODEX_SHIM_ALLOWED_HOSTS ?? '',
      CODEX_SHIM_INSTANCE: options.instance,
      CODEX_SHIM_HOST_SECRET: hostSecret,
      ...(options.gatewayToken
        ? { CODEX_SHIM_ACCESS_TOKEN: options.gatewayToken.value, CODEX_SHIM_TOKEN_FILE: options.gatewayToken.file }
        : { CODEX_SHIM_AUTH: 'off' }),
      ...pickDefined(options.env, [
        'CODEX_SHIM_UPSTREAM_TIMEOUT_MS',
        'CODEX_SHIM_HEADER_GRACE_MS',
        'CODEX_SHIM_CHATGPT_BASE_URL',
        'CODEX_SHIM_DISABLE_ROUTER',
      ]),
    },
    serviceBindings: { HOST: hostServer.designator, ...watched.bindings },
    // Clients connect to the worker itself: Miniflare's entry worker, in front of it on Miniflare's own socket,
    // would copy every request and response through another isolate (~0.3 ms per request) for features this
    // gateway does not use (`cf` blobs, live reload, pretty error pages, request logs).
    unsafeDirectSockets: [{ host: options.host, port: options.port }],
    ...(egress === undefined ? {} : { outboundService: egressWorkerName }),
  }
  const shared = {
    // Miniflare's own socket (its entry worker) cannot be turned off; nothing uses it, so it gets a free port on
    // loopback and the user's port goes to the worker's direct socket above.
    host: '127.0.0.1',
    port: 0,
    kvPersist: options.kvDir,
    // The default fetches Cloudflare's `cf` object from the internet at start-up (slow, and offline it warns).
    cf: false,
    log: new Log(LogLevel.WARN),
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      forwardWorkerdOutput(stdout, process.stdout)
      forwardWorkerdOutput(stderr, process.stderr)
    },
  }
  const create = () =>
    new Miniflare(
      egress === undefined ? { ...shared, ...gatewayWorker } : { ...shared, workers: [gatewayWorker, egress] },
    )
  const started = await withGuardedLoopback(
    () =>
      withWorkerdSpawnWatch(async () => {
        const instance = create()
        await instance.ready
        return instance
      }),
    {
      // HOST is served by its own server (host-server.ts): Miniflare's loopback serves our workers only the proxy
      // relay, if there is one.
      allowedServices: egress === undefined ? [] : [EGRESS_SERVICE_DESIGNATOR],
      log: options.log,
    },
  ).catch(async (error: unknown) => {
    watched.remove()
    await hostServer.close()
    throw error
  })
  const miniflare = started.value
  // Miniflare's exit hook answers SIGTERM with process.exit(143) before anything async can run, which would
  // skip removing daemon.json. The daemon handles both signals itself and disposes Miniflare; Miniflare's
  // `exit` listener stays, so workerd is still killed if the process dies some other way.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!signalListenersBefore.has(listener)) process.removeListener(signal, listener)
    }
  }
  const stop = async () => {
    stopCursorRuns()
    try {
      await miniflare.dispose()
    } finally {
      watched.remove()
      await hostServer.close()
    }
  }
  try {
    const url = await miniflare.unsafeGetDirectURL()
    return {
      url: url.toString(),
      workerdPid: started.workerdPid ?? (await findWorkerdChild(options.platform)),
      ...(started.workerdMark === undefined ? {} : { workerdMark: started.workerdMark }),
      upstreams: describeUpstreams(proxy),
      stop,
    }
  } catch (error) {
    // A workerd left running would hold the user's port against every restart attempt.
    await stop().catch(() => undefined)
    throw error
  }
}

/**
 * The relay worker's name, new for every run: Miniflare's entry socket (on a loopback port any local process can
 * find) routes a request to any worker it names in `MF-Route-Override`, and the relay adds its own secret, so a
 * name others could guess would let them send requests out through the user's proxy and its credentials.
 */
const egressWorkerName = `${EGRESS_WORKER_NAME}-${randomBytes(8).toString('hex')}`

/** The relay worker and its Node side (upstream-egress.ts); undici is loaded only when a proxy is configured. */
async function egressWorker(proxy: ProxySettings, compatibilityDate: string, log: (line: string) => void) {
  const undici = await import('undici')
  const secret = randomBytes(32).toString('base64url')
  return {
    name: egressWorkerName,
    modules: true,
    script: EGRESS_WORKER_SCRIPT,
    compatibilityDate,
    bindings: { EGRESS_SECRET: secret },
    serviceBindings: { EGRESS: { node: createUpstreamEgress({ proxy, secret, undici, log }) } },
  }
}

function describeUpstreams(proxy: ProxySettings): DaemonIdentity['upstreams'] {
  return {
    ...(proxy.http === undefined ? {} : { http: redactProxyUrl(proxy.http) }),
    ...(proxy.https === undefined ? {} : { https: redactProxyUrl(proxy.https) }),
    noProxy: proxy.noProxy,
  }
}

async function readWorkerConfig(): Promise<{ compatibilityDate: string; compatibilityFlags: string[] }> {
  try {
    return JSON.parse(await readFile(workerConfig, 'utf8')) as {
      compatibilityDate: string
      compatibilityFlags: string[]
    }
  } catch {
    throw new UserError(
      `The gateway bundle is missing (${fileURLToPath(workerConfig)}).`,
      'Run `npm run build` in the codex-shim checkout.',
    )
  }
}

/** Only if the spawn watch missed it: a workerd among our children (/proc, ps; CIM on Windows). */
async function findWorkerdChild(platform: Platform): Promise<number | undefined> {
  const inspector = createProcessInspector(platform)
  for (const pid of await inspector.children(process.pid)) {
    if ((await inspector.commandLine(pid))?.includes('workerd')) return pid
  }
  return undefined
}

/**
 * The read-only disk binding through which the worker tells whether its settings are current by reading their
 * files itself (settings-source.ts in the worker), not by asking this process every request: a directory of
 * links to exactly those files (watched-links.ts). None on Windows, where links need privileges and workerd's
 * disk service is untried, so there the worker asks every time, as it always did.
 */
function watchedFileBinding(
  options: Pick<GatewayOptions, 'settings' | 'codexHome' | 'runtimeHome' | 'platform' | 'log'>,
) {
  if (options.platform.os === 'win32') return { bindings: {}, remove: () => undefined }
  const folder = join(options.runtimeHome, 'watched')
  const links = createWatchedLinks(folder, watchedFilePaths(options))
  if (links === undefined) {
    options.log(`settings: no links could be made in ${folder}; the worker asks the daemon on every request`)
    return { bindings: {}, remove: () => undefined }
  }
  const binding: WatchedFileBinding = 'WATCHED_FILES'
  return { bindings: { [binding]: { disk: { path: links.directory, writable: false } } }, remove: links.remove }
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
