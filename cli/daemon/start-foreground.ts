import { randomUUID } from 'node:crypto'
import { ui } from '../ui'
import { claimPort } from './claim-port'
import type { DaemonContext } from './daemon-context'
import { removeDaemonRecord, writeDaemonRecord } from './daemon-record'
import { runGateway } from './run-gateway'

/**
 * Loading Miniflare leaves tens of MB of start-up garbage that V8 would keep for a long time on an idle daemon;
 * one full collection after start-up returns it (the daemon runs with --expose-gc).
 */
function releaseStartupGarbage(): void {
  const collect = (globalThis as { gc?: () => void }).gc
  if (typeof collect === 'function') collect()
}

/**
 * Serves in this process until SIGINT/SIGTERM. Used by `start --foreground` (and `npm start`) and as the body
 * of the background daemon, which `start` spawns with `--instance`.
 */
export async function startForeground(context: DaemonContext, instance: string = randomUUID()): Promise<void> {
  const claim = await claimPort(context)
  if (claim.kind === 'ours') {
    ui.info(`The gateway is already running on http://${context.host}:${context.port} (pid ${claim.record.pid}).`)
    return
  }
  const gateway = await runGateway({
    host: context.host,
    port: context.port,
    settings: context.settings,
    codexHome: context.codexHome,
    kvDir: context.files.kvDir,
    runtimeHome: context.home,
    instance,
    env: context.env,
  })
  await writeDaemonRecord(context.files.pidFile, {
    pid: process.pid,
    workerdPid: gateway.workerdPid,
    port: context.port,
    instance,
    settingsPath: context.settings.path,
    startedAt: new Date().toISOString(),
  })
  releaseStartupGarbage()
  ui.info(`[daemon] codex-shim listening on http://${context.host}:${context.port} (pid ${process.pid}, settings ${context.settings.path})`)

  await new Promise<void>((resolve) => {
    const shutDown = (signal: NodeJS.Signals) => {
      ui.info(`[daemon] ${signal}: stopping`)
      resolve()
    }
    process.once('SIGINT', shutDown)
    process.once('SIGTERM', shutDown)
  })
  await gateway.stop()
  await removeDaemonRecord(context.files.pidFile, instance)
}
