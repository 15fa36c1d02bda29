import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { Dispatcher } from 'undici'
import { proxyFor, redactProxyUrl, type ProxySettings } from '../platform'

export const EGRESS_WORKER_NAME = 'codex-shim-egress'
/** The relay worker is workers[1] and its binding EGRESS: Miniflare's stub announces that as `1/#EGRESS`. */
export const EGRESS_SERVICE_DESIGNATOR = '1/#EGRESS'
const URL_HEADER = 'x-codex-shim-egress-url'
const SECRET_HEADER = 'x-codex-shim-egress-secret'

/**
 * The gateway worker's outbound service when a proxy is configured: every global fetch it makes lands here first.
 * Miniflare hands a `{ node }` outbound service only the path and Host (the scheme is lost), and its function form
 * never tells Node when the worker gave up on a stream (the upstream would keep generating tokens nobody reads),
 * so this relay adds the full URL and this run's secret and passes the request on through a `{ node }` binding.
 */
export const EGRESS_WORKER_SCRIPT = `export default {
  fetch(request, env) {
    const forwarded = new Request(request)
    forwarded.headers.set('${URL_HEADER}', request.url)
    forwarded.headers.set('${SECRET_HEADER}', env.EGRESS_SECRET)
    return env.EGRESS.fetch(forwarded)
  },
}
`

/** Headers that describe one connection, or are ours, and so never travel on. */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'mf-custom-node-service',
  URL_HEADER,
  SECRET_HEADER,
])

export interface UpstreamEgressOptions {
  proxy: ProxySettings
  /** The per-run secret the relay worker holds; a request without it did not come from our worker. */
  secret: string
  undici: typeof import('undici')
  log: (line: string) => void
}

/**
 * Sends the worker's upstream call on, through the configured proxy unless the target is loopback or in NO_PROXY.
 * Bodies pass through untouched both ways (undici.request does not decode them; the worker does, as it would for
 * a direct call), with no timeouts of its own (the worker's upstream timeouts rule), and a worker that goes away
 * aborts the upstream call at once.
 */
export function createUpstreamEgress(options: UpstreamEgressOptions) {
  const expected = Buffer.from(options.secret)
  const direct = new options.undici.Agent({ headersTimeout: 0, bodyTimeout: 0 })
  const throughProxy = new Map<string, Dispatcher>()
  const dispatcherFor = (proxy: string | undefined): Dispatcher => {
    if (proxy === undefined) return direct
    const known = throughProxy.get(proxy)
    if (known !== undefined) return known
    // proxyTunnel false: http:// targets go as absolute-URI requests, as curl sends them; https:// ones use CONNECT.
    const created = new options.undici.ProxyAgent({ uri: proxy, proxyTunnel: false, headersTimeout: 0, bodyTimeout: 0 })
    throughProxy.set(proxy, created)
    return created
  }

  function isFromRelay(req: IncomingMessage): boolean {
    const presented = req.headers[SECRET_HEADER]
    if (typeof presented !== 'string') return false
    const bytes = Buffer.from(presented)
    return bytes.length === expected.length && timingSafeEqual(bytes, expected)
  }

  return async function upstreamEgress(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isFromRelay(req)) {
      options.log(`[egress] refused a request without the relay's secret (from ${req.socket.remoteAddress ?? '?'})`)
      return sendError(res, 403, 'this port serves only the codex-shim gateway worker')
    }
    const target = parseTarget(req.headers[URL_HEADER])
    if (target === undefined) return sendError(res, 400, 'the relay sent no http(s) URL')
    const proxy = proxyFor(target, options.proxy)
    const controller = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    try {
      const upstream = await options.undici.request(target, {
        method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
        headers: forwardedHeaders(req.rawHeaders),
        body: hasBody ? req : undefined,
        dispatcher: dispatcherFor(proxy),
        signal: controller.signal,
      })
      res.writeHead(upstream.statusCode, responseHeaders(upstream.headers))
      await pipeline(upstream.body, res)
    } catch (error) {
      // The worker went away (Codex disconnected): the upstream call is already cancelled, nothing to report.
      if (controller.signal.aborted) return
      const reason = error instanceof Error ? error.message : String(error)
      const via = proxy === undefined ? 'directly' : `through the proxy ${redactProxyUrl(proxy)}`
      options.log(`[egress] ${req.method ?? '?'} ${target.origin} ${via} failed: ${reason}`)
      if (res.headersSent) res.destroy()
      else
        sendError(
          res,
          502,
          `codex-shim could not reach ${target.origin} ${via}: ${reason}. Check HTTPS_PROXY/HTTP_PROXY/NO_PROXY where the gateway runs, then \`codex-shim restart\`.`,
        )
    }
  }
}

function parseTarget(value: string | string[] | undefined): URL | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

/** The worker's request headers in their order and spelling, minus the ones for this hop. */
function forwardedHeaders(raw: string[]): string[] {
  const kept: string[] = []
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] ?? ''
    if (!NOT_FORWARDED.has(name.toLowerCase())) kept.push(name, raw[index + 1] ?? '')
  }
  return kept
}

function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !NOT_FORWARDED.has(name)) kept[name] = value
  }
  return kept
}

function sendError(res: ServerResponse, status: number, message: string): void {
  const text = JSON.stringify({ error: { message, type: 'upstream_connection_error', code: 'upstream_unreachable' } })
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
