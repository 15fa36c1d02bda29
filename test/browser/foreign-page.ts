import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ForeignSite {
  origin: string
  close: () => Promise<void>
}

/**
 * Another local web server, as any program on the machine could run: same host as the gateway, other port, so the
 * browser counts it as same-site and sends even SameSite=Strict cookies along. Its pages try to switch the model.
 */
export async function startForeignSite(gatewayUrl: string, slug: string): Promise<ForeignSite> {
  const target = `${gatewayUrl}/api/switch`
  const body = JSON.stringify({ slug, restart_codex: true })
  const pages: Record<string, string> = {
    // A JSON fetch needs a CORS preflight, which the gateway never grants; no-cors can only send text/plain.
    '/fetch.html': `<!DOCTYPE html><title>fetch</title><script>
      window.results = []
      const send = (init) => fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', body: ${JSON.stringify(body)}, ...init })
        .then((r) => 'status ' + r.status + ' ' + r.type, (e) => 'rejected: ' + e.message)
      Promise.all([
        send({ headers: { 'content-type': 'application/json', 'x-codex-shim-csrf': 'guessed.token' } }),
        send({ mode: 'no-cors', headers: { 'content-type': 'text/plain' } }),
      ]).then((outcomes) => { window.results = outcomes; document.title = 'done' })
    </script>`,
    // A form is a top-level navigation: no preflight, the cookie goes along, only urlencoded/multipart/text bodies.
    '/form.html': `<!DOCTYPE html><title>form</title>
      <form id="f" method="POST" action="${target}" enctype="text/plain"><input type="hidden" name='{"slug":"${slug}","x":"' value='"}'></form>
      <script>document.getElementById('f').submit()</script>`,
  }
  const server = createServer((req, res) => {
    const page = pages[req.url ?? '']
    res.writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html' })
    res.end(page ?? 'not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
