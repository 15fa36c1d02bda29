import { KEEPALIVE_AFTER_MS, type ClientStream } from './client-stream'

export interface StreamWatchdog {
  /** A chunk came from the upstream: its silence starts again. */
  sawData: () => void
  stop: () => void
}

/**
 * One timer for a whole stream instead of a pair per read (ARCHITECTURE.md, hot path): every KEEPALIVE_AFTER_MS
 * it gives the client a keepalive when it has had nothing for that long (a failed write is how a departed client
 * shows, and its `onGone` aborts the upstream), and calls `onIdle` once the upstream has been silent for `idleMs`.
 * The read loop then only awaits its reads; an abort from either side ends the pending read.
 */
export function watchStream(client: ClientStream, options: { idleMs: number; onIdle: () => void }): StreamWatchdog {
  let lastDataAt = Date.now()
  let isWriting = false
  const timer = setInterval(() => {
    if (Date.now() - lastDataAt >= options.idleMs) {
      clearInterval(timer)
      return options.onIdle()
    }
    if (isWriting || client.isGone()) return
    isWriting = true
    void client.keepaliveIfIdle().finally(() => (isWriting = false))
  }, KEEPALIVE_AFTER_MS)
  return {
    sawData: () => {
      lastDataAt = Date.now()
    },
    stop: () => clearInterval(timer),
  }
}
