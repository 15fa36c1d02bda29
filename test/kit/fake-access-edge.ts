import { createServer, request, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AccessTeam } from './access-keys'

export interface FakeAccessEdge {
  url: string
  /** Requests that got past the edge, and who they were. */
  admitted: string[]
  close: () => Promise<void>
}

/**
 * What Cloudflare Access does in front of a Worker for non-browser clients, on 127.0.0.1: a request must carry
 * a valid service token (CF-Access-Client-Id / CF-Access-Client-Secret; strict mode answers 401 otherwise), and
 * reaches the Worker with a signed application token in Cf-Access-Jwt-Assertion naming the token's client id.
 * Streams pass through as they come.
 */
export async function startFakeAccessEdge(
  team: AccessTeam,
  target: string,
  serviceToken: { clientId: string; clientSecret: string },
): Promise<FakeAccessEdge> {
  const admitted: string[] = []
  const server = createServer(async (req, res) => {
    if (
      req.headers['cf-access-client-id'] !== serviceToken.clientId ||
      req.headers['cf-access-client-secret'] !== serviceToken.clientSecret
    ) {
      res.writeHead(401, { 'cf-access-error': 'service token authentication failed', 'content-type': 'text/plain' })
      res.end('Forbidden by Cloudflare Access')
      return
    }
    admitted.push(`${req.method} ${req.url}`)
    const headers: IncomingHttpHeaders = {
      ...req.headers,
      host: new URL(target).host,
      'cf-access-jwt-assertion': await team.sign({ common_name: serviceToken.clientId, sub: '' }),
    }
    const forwarded = request(`${target}${req.url ?? '/'}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    forwarded.on('error', () => res.destroy())
    req.pipe(forwarded)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    admitted,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
