import { HOST_ROUTER_LOG_PATH, HOST_SECRET_HEADER, HOST_ORIGIN } from '../../shared/host-protocol'
import type { Bindings } from '../env'
import type { RouterLogLine } from './route-auto'

/**
 * One decision line: to the daemon's `~/.codex-shim/logs/router.jsonl` through HOST, or, deployed, to the
 * Worker's log (Workers Logs / `wrangler tail`). Never on the request's path: routing calls it once the request
 * has ended (RequestSummary.afterFinish), and a lost line costs nothing.
 */
export function logDecision(env: Bindings, line: RouterLogLine, waitUntil: (promise: Promise<unknown>) => void): void {
  if (env.HOST === undefined) {
    console.log(`[router] ${JSON.stringify(line)}`)
    return
  }
  const delivery = env.HOST.fetch(`${HOST_ORIGIN}${HOST_ROUTER_LOG_PATH}`, {
    method: 'POST',
    headers: { [HOST_SECRET_HEADER]: env.CODEX_SHIM_HOST_SECRET ?? '', 'content-type': 'application/json' },
    body: JSON.stringify(line),
  })
  waitUntil(delivery.then((response) => response.body?.cancel()).catch(() => undefined))
}
