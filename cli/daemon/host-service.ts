import type { IncomingMessage, ServerResponse } from 'node:http'
import { HOST_SETTINGS_PATH } from '../../shared/host-protocol'
import { authFilePath, chatgptPassthroughState, isChatgptPassthroughDisabled } from '../chatgpt-auth'
import type { SettingsLocation } from '../paths'
import { readSettingsFile } from '../settings-file'
import { createFileSignatureCache } from './file-signature-cache'
import { buildSettingsSnapshot } from './settings-snapshot'

export interface HostServiceOptions {
  settings: SettingsLocation
  codexHome: string
  env: NodeJS.ProcessEnv
}

/**
 * The Node side of the worker's HOST binding, in Miniflare's `{ node: (req, res) }` form (the form that lets a
 * client disconnect reach Node; reference/toolchain.md §3). models.json and auth.json are re-read when they change.
 */
export function createHostService(options: HostServiceOptions) {
  const readSettings = createFileSignatureCache(options.settings.path, () => readSettingsFile(options.settings))
  const readPassthrough = createFileSignatureCache(authFilePath(options.codexHome), () =>
    chatgptPassthroughState(options.codexHome, options.env),
  )

  async function settingsSnapshot() {
    const [settings, passthrough] = await Promise.all([
      readSettings(),
      isChatgptPassthroughDisabled(options.env) ? Promise.resolve('disabled' as const) : readPassthrough(),
    ])
    return buildSettingsSnapshot(settings, passthrough, options.env)
  }

  return async function hostService(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', 'http://host').pathname
      if (req.method === 'GET' && path === HOST_SETTINGS_PATH) return sendJson(res, 200, await settingsSnapshot())
      sendJson(res, 404, { error: `HOST has no ${req.method} ${path}` })
    } catch (error) {
      console.error('[host] request failed:', error)
      sendJson(res, 500, { error: 'HOST failed; see the daemon log' })
    }
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
