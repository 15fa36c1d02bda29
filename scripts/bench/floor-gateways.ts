import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { childProcesses } from './process-cpu'

export interface FloorGateway {
  /** `pump`: parse, fetch, JS pump; `raw`: parse, fetch, the upstream body returned as is. */
  mode: 'pump' | 'raw'
  url: string
  /** Its workerd process, for CPU accounting (Linux; undefined where /proc is not). */
  pid?: number
  stop: () => Promise<void>
}

const root = new URL('../../', import.meta.url)

/** The floor workers in Miniflare with the gateway's own compatibility settings, `cf`, log level and sockets. */
export async function startFloorGateways(upstreamUrl: string): Promise<FloorGateway[]> {
  const { Miniflare, Log, LogLevel } = await import('miniflare')
  const config = JSON.parse(readFileSync(new URL('dist/worker-config.json', root), 'utf8')) as {
    compatibilityDate: string
    compatibilityFlags: string[]
  }
  const floors: FloorGateway[] = []
  for (const mode of ['pump', 'raw'] as const) {
    const earlier = childProcesses('workerd')
    const miniflare = new Miniflare({
      host: '127.0.0.1',
      port: 0,
      modules: true,
      scriptPath: fileURLToPath(new URL('scripts/bench/floor-worker.js', root)),
      compatibilityDate: config.compatibilityDate,
      compatibilityFlags: config.compatibilityFlags,
      bindings: { UPSTREAM_URL: upstreamUrl, MODE: mode },
      cf: false,
      log: new Log(LogLevel.WARN),
      // As the gateway does (run-gateway.ts): clients reach the worker on its own socket, not through Miniflare's
      // entry worker.
      unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
    })
    await miniflare.ready
    const url = (await miniflare.unsafeGetDirectURL()).toString().replace(/\/$/, '')
    const pid = childProcesses('workerd').find((candidate) => !earlier.includes(candidate))
    floors.push({ mode, url, pid, stop: () => miniflare.dispose() })
  }
  return floors
}
