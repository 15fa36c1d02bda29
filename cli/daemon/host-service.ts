import type { IncomingMessage, ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import {
  HOST_CHATGPT_AUTH_PATH,
  HOST_HOST_HEADER,
  HOST_PASSTHROUGH_ENTRY_PATH,
  HOST_PICKER_SWITCH_PATH,
  HOST_ROUTER_LOG_PATH,
  HOST_SECRET_HEADER,
  HOST_SETTINGS_PATH,
  type PassthroughEntryReply,
  type SettingsReply,
} from '../../shared/host-protocol'
import { HOST_CURSOR_TURN_PATH } from '../../shared/cursor-protocol'
import { appendRouterDecision } from '../router/router-log-file'
import { servePickerSwitch } from './picker-switch'
import type { SettingsSource } from './settings-source'

export interface HostServiceOptions {
  source: SettingsSource
  /** The per-run secret the worker got as a binding; every HOST call must carry it. */
  secret: string
  log: (line: string) => void
  /** Where the auto router's decision lines go (`logs/router.jsonl`). */
  routerLogFile?: string
  /** Runs one Composer turn (cli/cursor/cursor-host.ts), streaming cursor-agent's output back. */
  cursorTurn?: (req: IncomingMessage, res: ServerResponse) => Promise<void>
}

/**
 * The Node side of the worker's HOST binding: a `(req, res)` handler on a real connection, so a client disconnect
 * reaches Node (reference/toolchain.md §3). host-server.ts serves it on a socket of mode 0600 (loopback TCP on
 * Windows, which any local process can reach), so a call without the run's secret is refused before anything is
 * read.
 */
export function createHostService(options: HostServiceOptions) {
  const expected = Buffer.from(options.secret)

  function isFromWorker(req: IncomingMessage): boolean {
    const presented = req.headers[HOST_SECRET_HEADER]
    if (typeof presented !== 'string' || req.headers.host !== HOST_HOST_HEADER) return false
    const bytes = Buffer.from(presented)
    return bytes.length === expected.length && timingSafeEqual(bytes, expected)
  }

  return async function hostService(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://host')
      if (!isFromWorker(req)) {
        options.log(
          `[host] refused ${req.method} ${url.pathname} without the worker's secret (from ${req.socket.remoteAddress ?? '?'})`,
        )
        return sendJson(res, 403, { error: 'HOST answers only the gateway worker' })
      }
      if (req.method === 'GET' && url.pathname === HOST_SETTINGS_PATH)
        return sendJson(
          res,
          200,
          await settingsReply(options.source, url.searchParams.get('since'), url.searchParams.has('recheck')),
        )
      if (req.method === 'GET' && url.pathname === HOST_CHATGPT_AUTH_PATH)
        return sendJson(res, 200, await options.source.chatgptAuth())
      if (req.method === 'GET' && url.pathname === HOST_PASSTHROUGH_ENTRY_PATH) {
        return sendJson(res, 200, { entry: await options.source.passthroughEntry() } satisfies PassthroughEntryReply)
      }
      if (url.pathname === HOST_PICKER_SWITCH_PATH) return await servePickerSwitch(req, res, options)
      if (req.method === 'POST' && url.pathname === HOST_ROUTER_LOG_PATH && options.routerLogFile !== undefined) {
        await appendRouterDecision(options.routerLogFile, await readSmallBody(req))
        return sendJson(res, 200, { ok: true })
      }
      if (req.method === 'POST' && url.pathname === HOST_CURSOR_TURN_PATH && options.cursorTurn !== undefined)
        return await options.cursorTurn(req, res)
      sendJson(res, 404, { error: `HOST has no ${req.method} ${url.pathname}` })
    } catch (error) {
      options.log(`[host] request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      sendJson(res, 500, { error: 'HOST failed; see the daemon log' })
    }
  }
}

async function settingsReply(source: SettingsSource, since: string | null, reread: boolean): Promise<SettingsReply> {
  const { version, snapshot, files } = await source.current(reread)
  if (since === version) return { version, unchanged: true }
  return files === undefined ? { version, snapshot } : { version, snapshot, files }
}

/** A router decision line: small by nature; anything larger is not one of ours. */
async function readSmallBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of req) {
    total += (chunk as Buffer).byteLength
    if (total > limit) throw new Error('HOST body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end()
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
