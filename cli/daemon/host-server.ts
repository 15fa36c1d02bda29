import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface HostServer {
  /** The HOST binding as workerd's own `external` service: workerd connects to this server directly. */
  designator: { external: { address: string; http: Record<string, never> } }
  close: () => Promise<void>
}

/**
 * Serves HOST on a loopback port of the daemon's own, which workerd reaches as an `external` service. Miniflare's
 * `{ node }` form reaches the same kind of handler through an extra worker that copies each request and through
 * Miniflare's loopback dispatch: about 0.25 ms of workerd CPU per call, on the settings check every request
 * makes. A client that leaves still closes the connection, as with the `{ node }` form, so a Composer turn is
 * still stopped. Any local process can connect, as to Miniflare's loopback port: the handler answers only calls
 * carrying the run's secret.
 */
export async function startHostServer(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<HostServer> {
  const server = createServer((req, res) => void handler(req, res))
  // workerd keeps its connections to an external service open between calls; closing them would add a TCP
  // handshake to the next request's settings check.
  server.keepAliveTimeout = 10 * 60_000
  server.on('upgrade', (_req, socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    designator: { external: { address: `127.0.0.1:${port}`, http: {} } },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
