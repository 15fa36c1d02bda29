import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export interface ProxiedRequest {
  /** `absolute`: an http:// request sent to the proxy as `GET http://host/path`; `connect`: a CONNECT tunnel. */
  kind: 'absolute' | 'connect'
  /** The URL (absolute) or `host:port` (connect) the client asked for. */
  target: string
}

export interface ForwardProxy {
  url: string
  seen: ProxiedRequest[]
  /** Where a host name the client asks for really is: the proxy resolves it (the gateway could not). */
  route: (host: string, port: { host: string; port: number }) => void
  close: () => Promise<void>
}

/**
 * A small forward proxy on loopback, as a corporate or local (Clash) proxy behaves: absolute-URI requests for http://
 * and CONNECT tunnels for https://, recording each. Names are resolved through `route` (`upstream.test` exists only
 * here), so a request that arrives proves it came through the proxy.
 */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: ProxiedRequest[] = []
  const routes = new Map<string, { host: string; port: number }>()
  const sockets = new Set<Socket>()
  const resolve = (host: string, port: number) => routes.get(`${host}:${port}`) ?? { host, port }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? ''
    seen.push({ kind: 'absolute', target })
    let url: URL
    try {
      url = new URL(target)
    } catch {
      res.writeHead(400).end('not a proxy request')
      return
    }
    const to = resolve(url.hostname, Number(url.port) || 80)
    const upstream = request(
      { host: to.host, port: to.port, method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502)
      res.end(`proxy: ${error.message}`)
    })
    res.on('close', () => upstream.destroy())
    req.pipe(upstream)
  })
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? ''
    seen.push({ kind: 'connect', target })
    const [host = '', port = '443'] = target.split(/:(?=\d+$)/)
    const to = resolve(host, Number(port))
    const tunnel = connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) tunnel.write(head)
      tunnel.pipe(client)
      client.pipe(tunnel)
    })
    const end = () => {
      tunnel.destroy()
      client.destroy()
    }
    tunnel.on('error', end)
    client.on('error', end)
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    route: (host, to) => {
      const [name = host, hostPort] = host.split(/:(?=\d+$)/)
      routes.set(`${name}:${hostPort ?? 80}`, to)
      if (hostPort === undefined) routes.set(`${name}:443`, to)
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((done) => server.close(done))
    },
  }
}
