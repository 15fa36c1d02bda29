import { request } from 'node:http'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { TEST_TLS_CERT, TEST_TLS_KEY } from './tls-fixture'

/**
 * An https:// face for a plain-HTTP test upstream (the mock upstream speaks HTTP only), with the test certificate:
 * every request is passed on to `target()` and the answer streamed back.
 */
export async function startTlsFront(
  target: () => { host: string; port: number },
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer({ key: TEST_TLS_KEY, cert: TEST_TLS_CERT }, (req, res) => {
    const to = target()
    const upstream = request({ ...to, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    res.on('close', () => upstream.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections()
      await new Promise((done) => server.close(done))
    },
  }
}
