import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PASSTHROUGH_ENTRY_FILE } from '../codex/codex-passthrough-entry'
import { HOST_CHATGPT_AUTH_PATH, HOST_SETTINGS_PATH, type ChatgptAuth } from '../../shared/host-protocol'
import { authFilePath, chatgptPassthroughState, isChatgptPassthroughDisabled, parseChatgptAuth } from '../chatgpt-auth'
import type { SettingsLocation } from '../paths'
import { readSettingsFile } from '../settings-file'
import { createFileSignatureCache } from './file-signature-cache'
import { buildSettingsSnapshot } from './settings-snapshot'

export interface HostServiceOptions {
  settings: SettingsLocation
  codexHome: string
  /** Where the CLI keeps Codex's own gpt-5.5 catalog entry. */
  runtimeHome: string
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

  const readAuth = createFileSignatureCache(authFilePath(options.codexHome), async (exists) =>
    exists ? parseChatgptAuth(await readFile(authFilePath(options.codexHome), 'utf8').catch(() => '')) : undefined,
  )

  async function chatgptAuth(): Promise<ChatgptAuth> {
    if (isChatgptPassthroughDisabled(options.env)) return { ok: false, state: 'disabled' }
    const auth = await readAuth()
    return auth ? { ok: true, ...auth } : { ok: false, state: 'logged_out' }
  }

  const entryFile = join(options.runtimeHome, PASSTHROUGH_ENTRY_FILE)
  const readPassthroughEntry = createFileSignatureCache(entryFile, async (exists) =>
    exists ? ((JSON.parse(await readFile(entryFile, 'utf8').catch(() => '{}')) as { entry?: Record<string, unknown> }).entry) : undefined,
  )

  async function settingsSnapshot() {
    const [settings, passthrough, passthroughEntry] = await Promise.all([
      readSettings(),
      isChatgptPassthroughDisabled(options.env) ? Promise.resolve('disabled' as const) : readPassthrough(),
      readPassthroughEntry().catch(() => undefined),
    ])
    return buildSettingsSnapshot(settings, passthrough, options.env, passthroughEntry)
  }

  return async function hostService(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', 'http://host').pathname
      if (req.method === 'GET' && path === HOST_SETTINGS_PATH) return sendJson(res, 200, await settingsSnapshot())
      if (req.method === 'GET' && path === HOST_CHATGPT_AUTH_PATH) return sendJson(res, 200, await chatgptAuth())
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
