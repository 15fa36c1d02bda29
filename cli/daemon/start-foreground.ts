import { randomUUID } from 'node:crypto'
import { withFileLock } from '../file-lock'
import { ensureGatewayToken, gatewayTokenPath, isGatewayAuthOff } from '../gateway-token'
import { ui } from '../ui'
import { claimPort } from './claim-port'
import { controlAddress } from './control-channel'
import { serveControlChannel } from './control-server'
import { dropOutputWhenReaderLeaves } from './closed-output'
import { installCrashGuard } from './crash-guard'
import type { DaemonContext } from './daemon-context'
import { removeDaemonRecord, writeDaemonRecord, type DaemonRecord } from './daemon-record'
import { superviseGateway } from './gateway-supervisor'
import { createRotatingLog, logLimitsFrom, redirectOutputTo } from './log-file'
import { runGateway } from './run-gateway'
import { assertWorkerdRuns } from './workerd-runs'

/**
 * What ends a foreground run besides a stop request: Ctrl-C (SIGINT), a kill on POSIX (SIGTERM), the terminal closing
 * (SIGHUP; on Windows the console window, with about 10 s before Windows ends us anyway) and Ctrl-Break (SIGBREAK,
 * Windows only, whose default would skip every clean-up). Windows delivers no SIGTERM at all: `stop` uses the
 * control channel there.
 */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const

export interface ForegroundOptions {
  /** Set when `start` spawned this process as the background daemon (it holds the start lock for us). */
  spawnedInstance?: string
}

/**
 * Loading Miniflare leaves tens of MB of start-up garbage that V8 would keep for a long time on an idle daemon;
 * one full collection after start-up returns it (the daemon runs with --expose-gc).
 */
function releaseStartupGarbage(): void {
  const collect = (globalThis as { gc?: () => void }).gc
  if (typeof collect === 'function') collect()
}

/**
 * Serves in this process until a stop request or signal. Used by `start --foreground` (and `npm start`) and as the body
 * of the background daemon, which `start` spawns with `--instance`.
 */
export async function startForeground(context: DaemonContext, options: ForegroundOptions = {}): Promise<void> {
  assertWorkerdRuns(context.platform)
  const instance = options.spawnedInstance ?? randomUUID()
  if (options.spawnedInstance !== undefined)
    redirectOutputTo(createRotatingLog(context.files.logFile, logLimitsFrom(context.env)))
  else dropOutputWhenReaderLeaves()
  const log = (line: string) => ui.info(`${new Date().toISOString()} ${line}`)
  const launch = () => launchGateway(context, instance, log)
  // Run by hand, we take the start lock ourselves until we serve; a spawned daemon's parent holds it for it.
  const running =
    options.spawnedInstance === undefined
      ? await withFileLock(context.files.startLock, launch, {
          purpose: 'starting the gateway',
          timeoutMs: 45_000,
          staleMs: 45_000,
        })
      : await launch()
  if (running === undefined) return

  const onSignal: Partial<Record<(typeof STOP_SIGNALS)[number], () => void>> = {}
  const stoppedBy = await Promise.race([
    running.gaveUp.then((reason) => `giving up: ${reason}`),
    running.stopRequested.then(() => 'stop requested'),
    new Promise<string>((resolve) => {
      for (const name of STOP_SIGNALS) {
        const listener = () => resolve(name)
        onSignal[name] = listener
        process.once(name, listener)
      }
    }),
  ])
  for (const name of STOP_SIGNALS) {
    const listener = onSignal[name]
    if (listener !== undefined) process.off(name, listener)
  }
  ui.info(`[daemon] ${stoppedBy}: stopping`)
  await running.stop()
  if (stoppedBy.startsWith('giving up')) process.exitCode = 1
}

async function launchGateway(context: DaemonContext, instance: string, log: (line: string) => void) {
  const claim = await claimPort(context)
  if (claim.kind === 'ours') {
    ui.info(`The gateway is already running on http://${context.host}:${context.port} (pid ${claim.record.pid}).`)
    return undefined
  }
  const removeCrashGuard = installCrashGuard(log)
  const gatewayToken = isGatewayAuthOff(context.env)
    ? undefined
    : { value: await ensureGatewayToken(context.home), file: gatewayTokenPath(context.home) }
  if (gatewayToken === undefined) {
    ui.warn(
      'CODEX_SHIM_AUTH=off: the gateway asks no token, so any local process or user can spend your API keys and your ChatGPT plan through it.',
    )
  }
  let giveUp: ((reason: string) => void) | undefined
  const gaveUp = new Promise<string>((resolve) => (giveUp = resolve))
  let requestStop: (() => void) | undefined
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve))
  const record: DaemonRecord = {
    pid: process.pid,
    port: context.port,
    instance,
    control: controlAddress(context.home, instance, context.platform),
    settingsPath: context.settings.path,
    startedAt: new Date().toISOString(),
  }
  const supervisor = await superviseGateway({
    start: () =>
      runGateway({
        host: context.host,
        port: context.port,
        settings: context.settings,
        codexHome: context.codexHome,
        kvDir: context.files.kvDir,
        runtimeHome: context.home,
        instance,
        env: context.env,
        log,
        gatewayToken,
        platform: context.platform,
      }),
    async onRestart(gateway, reason, restarts) {
      Object.assign(record, {
        workerdPid: gateway.workerdPid,
        workerdMark: gateway.workerdMark,
        restarts,
        lastRestart: { at: new Date().toISOString(), reason },
      })
      await writeDaemonRecord(context.files.pidFile, record)
    },
    onGiveUp: (reason) => giveUp?.(reason),
    log,
  })
  record.workerdPid = supervisor.current().workerdPid
  record.workerdMark = supervisor.current().workerdMark
  // Listening before the record is written: whoever reads the record can reach the channel it names. A channel
  // that cannot be opened costs only the graceful stop on Windows, not the gateway: it is logged and left out.
  const control = await serveControlChannel({
    address: record.control ?? '',
    isWindows: context.platform.os === 'win32',
    identity: () => ({
      pid: record.pid,
      instance,
      port: record.port,
      workerdPid: supervisor.current().workerdPid,
      upstreams: supervisor.current().upstreams,
    }),
    onStop: () => requestStop?.(),
    log,
  }).catch((error: unknown) => {
    log(
      `[daemon] no control channel at ${record.control ?? '?'}: ${error instanceof Error ? error.message : String(error)}`,
    )
    delete record.control
    return undefined
  })
  await writeDaemonRecord(context.files.pidFile, record)
  releaseStartupGarbage()
  ui.info(
    `[daemon] codex-shim listening on http://${context.host}:${context.port} (pid ${process.pid}, settings ${context.settings.path})`,
  )
  return {
    gaveUp,
    stopRequested,
    async stop(): Promise<void> {
      await control
        ?.close()
        .catch((error: unknown) => log(`[daemon] closing the control channel failed: ${String(error)}`))
      await supervisor.stop().catch((error: unknown) => log(`[daemon] stopping the gateway failed: ${String(error)}`))
      await removeDaemonRecord(context.files.pidFile, instance)
      removeCrashGuard()
    },
  }
}
