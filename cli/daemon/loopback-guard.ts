import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'

/** The header workerd's stub for a `{ node }` binding adds: `<worker index>/<kind><binding name>`. */
const CUSTOM_NODE_SERVICE_HEADER = 'mf-custom-node-service'

export interface LoopbackGuardOptions {
  /** The `MF-Custom-Node-Service` values our workers' calls carry: `1/#EGRESS` behind a proxy, else none. */
  allowedServices: readonly string[]
  log: (line: string) => void
}

/**
 * Miniflare serves `{ node }` bindings (our proxy relay) and its own helpers (temp-file writes, browser launch,
 * storage listings) on an HTTP server bound to loopback on a random port, and answers whatever a local process
 * sends there; a malformed `MF-Custom-Node-Service` header even trips an unhandled assertion that ends the daemon.
 * In this setup workerd sends that server nothing but relay calls (HOST has a server of its own, host-server.ts),
 * so while Miniflare starts we wrap the servers it creates and let through only requests addressed to our
 * bindings: everything else gets a 403 and a log line, and upgrade requests are closed.
 */
export async function withGuardedLoopback<T>(start: () => Promise<T>, options: LoopbackGuardOptions): Promise<T> {
  const originalCreateServer = http.createServer
  const patched = function createGuardedServer(this: unknown, ...args: unknown[]) {
    const server = (originalCreateServer as (...values: unknown[]) => Server).apply(this, args)
    guardServer(server, options)
    return server
  }
  http.createServer = patched as typeof http.createServer
  try {
    return await start()
  } finally {
    if (http.createServer === patched) http.createServer = originalCreateServer
  }
}

function guardServer(server: Server, options: LoopbackGuardOptions): void {
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean
  // Overriding emit sees every request and upgrade before any listener Miniflare attached, whenever it attached it.
  server.emit = function guardedEmit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const [req, res] = args as [IncomingMessage, ServerResponse]
      const service = req.headers[CUSTOM_NODE_SERVICE_HEADER]
      if (typeof service === 'string' && options.allowedServices.includes(service)) return emit(event, ...args)
      options.log(`[loopback] refused ${describe(req)}`)
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' })
      res.end('Refused: this port serves only the codex-shim gateway worker.\n')
      return true
    }
    if (event === 'upgrade') {
      const [req, socket] = args as [IncomingMessage, Duplex]
      options.log(`[loopback] refused upgrade ${describe(req)}`)
      socket.destroy()
      return true
    }
    return emit(event, ...args)
  } as typeof server.emit
}

function describe(req: IncomingMessage): string {
  // Header values come from whoever connected: quoted and cut short, never echoed raw into the log.
  const service = req.headers[CUSTOM_NODE_SERVICE_HEADER]
  const target = JSON.stringify((req.url ?? '').slice(0, 120))
  return `${req.method ?? '?'} ${target}${service === undefined ? '' : ` service=${JSON.stringify(String(service).slice(0, 40))}`} from ${req.socket.remoteAddress ?? '?'}`
}
