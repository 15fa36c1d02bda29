import { chmod, rm } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import type { ControlRequest, DaemonIdentity } from './control-channel'

export interface ControlServerOptions {
  address: string
  isWindows: boolean
  identity: () => DaemonIdentity
  /** Called once a stop request for our instance was answered. */
  onStop: () => void
  log: (line: string) => void
}

const REQUEST_LIMIT_BYTES = 4096

/**
 * The daemon's side of the control channel (control-channel.ts): `identify` answers who we are, `stop` with our
 * instance id starts the same shutdown as SIGTERM (dispose Miniflare, so workerd goes too, then remove daemon.json),
 * which is the only graceful stop Windows can deliver.
 */
export async function serveControlChannel(options: ControlServerOptions): Promise<{ close: () => Promise<void> }> {
  // A socket file left by a daemon that was killed would make listen fail; the start lock and claimPort have
  // already established that no daemon of ours is running.
  if (!options.isWindows) await rm(options.address, { force: true })
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    answer(socket, options)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.address, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.on('error', (error) => options.log(`[control] ${error.message}`))
  if (!options.isWindows) await chmod(options.address, 0o600)
  return { close: () => closeServer(server, sockets, options) }
}

function answer(socket: Socket, options: ControlServerOptions): void {
  let text = ''
  socket.setEncoding('utf8')
  socket.setTimeout(5000, () => socket.destroy())
  socket.on('error', () => socket.destroy())
  socket.on('data', (chunk: string) => {
    text += chunk
    const end = text.indexOf('\n')
    if (end === -1) {
      if (text.length > REQUEST_LIMIT_BYTES) socket.destroy()
      return
    }
    const request = parseRequest(text.slice(0, end))
    if (request?.op === 'identify') return void socket.end(`${JSON.stringify(options.identity())}\n`)
    if (request?.op === 'stop' && request.instance === options.identity().instance) {
      options.log('[control] stop requested')
      return void socket.end(`${JSON.stringify({ ok: true })}\n`, () => options.onStop())
    }
    socket.end(`${JSON.stringify({ ok: false, error: 'unknown request' })}\n`)
  })
}

function parseRequest(line: string): ControlRequest | undefined {
  try {
    const value = JSON.parse(line) as { op?: unknown; instance?: unknown }
    if (value.op === 'identify') return { op: 'identify' }
    if (value.op === 'stop' && typeof value.instance === 'string') return { op: 'stop', instance: value.instance }
  } catch {
    // Not JSON: answered as an unknown request.
  }
  return undefined
}

async function closeServer(server: Server, sockets: Set<Socket>, options: ControlServerOptions): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  // A client that connected and said nothing must not hold the shutdown for its timeout.
  for (const socket of sockets) socket.destroy()
  await closed
  if (!options.isWindows) await rm(options.address, { force: true })
}
