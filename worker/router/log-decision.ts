import { HOST_ROUTER_LOG_PATH, HOST_SECRET_HEADER, HOST_ORIGIN } from '../../shared/host-protocol'
import type { Bindings } from '../env'
import type { RouterLogLine } from './route-auto'

/**
 * One decision line: to the daemon's `~/.codex-shim/logs/router.jsonl` through HOST, or, deployed, to the
 * Worker's log (Workers Logs / `wrangler tail`). Never on the request's path: a lost line costs nothing.
 */
export function logDecision(env: Bindings, line: RouterLogLine, waitUntil: (promise: Promise<unknown>) => void): void {
  const host = env.HOST
  if (host === undefined) {
    console.log(`[router] ${JSON.stringify(line)}`)
    return
  }
  // Sent from a timer, which runs only once the request's own work up to its upstream call (routing, translation,
  // the fetch itself, all microtasks) is done: started at once, the call to the daemon went out first, and the
  // daemon writing the line competed with the upstream call for the same cores (+0.2 ms on a decided task).
  const delivery = new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
    host.fetch(`${HOST_ORIGIN}${HOST_ROUTER_LOG_PATH}`, {
      method: 'POST',
      headers: { [HOST_SECRET_HEADER]: env.CODEX_SHIM_HOST_SECRET ?? '', 'content-type': 'application/json' },
      body: JSON.stringify(line),
    }),
  )
  waitUntil(delivery.then((response) => response.body?.cancel()).catch(() => undefined))
}
