import { isProcessAlive } from './process-info'
import type { RunningGateway } from './run-gateway'

export interface SupervisorOptions {
  start: () => Promise<RunningGateway>
  /** Called after each successful restart, with why it was needed. */
  onRestart: (gateway: RunningGateway, reason: string, restarts: number) => Promise<void> | void
  /** Called when the gateway cannot be brought back; the daemon then shuts down. */
  onGiveUp: (reason: string) => void
  log: (line: string) => void
  checkIntervalMs?: number
}

const RESTART_ATTEMPTS = 5
const RESTART_BACKOFF_MS = 500

/**
 * Keeps workerd running: if it dies (killed, crashed, out of memory), the gateway is started again on the same
 * port and the restart is logged and counted, so Codex sees a short outage instead of a dead port.
 */
export async function superviseGateway(options: SupervisorOptions) {
  let gateway = await options.start()
  let restarts = 0
  let restarting: Promise<void> | undefined
  let isStopped = false

  async function restart(reason: string): Promise<void> {
    options.log(`[daemon] ${reason}; restarting the gateway`)
    await gateway
      .stop()
      .catch((error: unknown) => options.log(`[daemon] disposing the dead gateway failed: ${String(error)}`))
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS && !isStopped; attempt++) {
      try {
        const next = await options.start()
        if (isStopped) return void (await next.stop())
        gateway = next
        restarts++
        await options.onRestart(gateway, reason, restarts)
        options.log(`[daemon] gateway restarted (restart ${restarts}, workerd pid ${gateway.workerdPid ?? '?'})`)
        return
      } catch (error) {
        options.log(
          `[daemon] restart attempt ${attempt} failed: ${error instanceof Error ? error.message : String(error)}`,
        )
        await new Promise((resolve) => setTimeout(resolve, RESTART_BACKOFF_MS * attempt))
      }
    }
    if (!isStopped) options.onGiveUp(`${reason}, and the gateway could not be restarted`)
  }

  const timer = setInterval(() => {
    if (restarting !== undefined || isStopped) return
    const pid = gateway.workerdPid
    if (pid === undefined || isProcessAlive(pid)) return
    restarting = restart(`workerd (pid ${pid}) exited unexpectedly`).finally(() => {
      restarting = undefined
    })
  }, options.checkIntervalMs ?? 1000)
  // An idle daemon must not be kept awake or alive by its own watchdog.
  timer.unref()

  return {
    current: () => gateway,
    async stop(): Promise<void> {
      isStopped = true
      clearInterval(timer)
      await restarting
      await gateway.stop()
    },
  }
}
