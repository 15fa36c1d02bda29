import { chmodSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Platform } from '../platform'
import { SOCKET_PATH_LIMIT } from './control-channel'

export interface HostServer {
  /** The HOST binding as workerd's own `external` service: workerd connects to this server directly. */
  designator: { external: { address: string; http: Record<string, never> } }
  close: () => Promise<void>
}

/**
 * Where HOST listens: a unix socket in the runtime home, mode 0600, so only this user's processes can even connect;
 * loopback TCP on Windows, or when the path would be too long for a socket.
 */
export function hostSocketPath(home: string, platform: Pick<Platform, 'os' | 'path'>): string | undefined {
  if (platform.os === 'win32') return undefined
  const path = platform.path.join(home, 'host.sock')
  return Buffer.byteLength(path) <= SOCKET_PATH_LIMIT ? path : undefined
}

/**
 * Serves HOST on a socket of the daemon's own, which workerd reaches as an `external` service. Miniflare's
 * `{ node }` form reaches the same kind of handler through an extra worker that copies each request and through
 * Miniflare's loopback dispatch: about 0.25 ms of workerd CPU per call, on the settings check every request
 * makes. A client that leaves still closes the connection, as with the `{ node }` form, so a Composer turn is
 * still stopped. Whoever can connect is answered only when the call carries the run's secret.
 */
export async function startHostServer(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  socketPath: string | undefined,
): Promise<HostServer> {
  const server = createServer((req, res) => void handler(req, res))
  // workerd keeps its connections to an external service open between calls; closing them would add a
  // handshake to the next request's settings check.
  server.keepAliveTimeout = 10 * 60_000
  server.on('upgrade', (_req, socket) => socket.destroy())
  const onSocket = socketPath !== undefined && (await listenOnSocket(server, socketPath))
  if (!onSocket) await listen(server, () => server.listen(0, '127.0.0.1'))
  const address = onSocket ? `unix:${socketPath}` : `127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    designator: { external: { address, http: {} } },
    close: () =>
      new Promise<void>((resolve) => {
        // Closing a server on a socket path removes the file.
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/**
 * Listens on the socket file with mode 0600; false (and not listening) where that is impossible, such as a
 * filesystem without unix sockets (some network and bind mounts): then loopback TCP serves, the secret guarding it.
 */
async function listenOnSocket(server: Server, socketPath: string): Promise<boolean> {
  try {
    // One daemon per runtime home (the start lock), so a socket file already there was left by one that was killed.
    rmSync(socketPath, { force: true })
    await listen(server, () => server.listen(socketPath))
    chmodSync(socketPath, 0o600)
    return true
  } catch {
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()))
    rmSync(socketPath, { force: true })
    return false
  }
}

function listen(server: Server, start: () => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.once('listening', () => {
      server.off('error', onError)
      resolve()
    })
    start()
  })
}
