import { env } from 'cloudflare:test'
import {
  HOST_PICKER_SWITCH_PATH,
  HOST_SECRET_HEADER,
  HOST_SETTINGS_PATH,
  type PickerSwitchReply,
  type PickerSwitchRequest,
  type SettingsSnapshot,
} from '../../../shared/host-protocol'
import type { Bindings } from '../../../worker/env'
import { callGateway } from '../helpers/gateway'

export const GATEWAY_TOKEN = (env as Bindings).CODEX_SHIM_ACCESS_TOKEN ?? ''
export const OWN_ORIGIN = 'http://127.0.0.1:8765'

/** The session cookie a browser holds after following `codex-shim picker`'s link. */
export async function signIn(bindings: Partial<Bindings> = {}, token = GATEWAY_TOKEN): Promise<string> {
  const response = await callGateway(`/picker?token=${encodeURIComponent(token)}`, {
    token: null,
    bindings,
    redirect: 'manual',
  })
  const cookie = response.headers.getAll('set-cookie')[0]
  if (response.status !== 303 || cookie === undefined) throw new Error(`sign-in failed: ${response.status}`)
  return cookie.split(';', 1)[0] ?? ''
}

/** The CSRF token the page was served with. */
export async function pageCsrfToken(cookie: string, bindings: Partial<Bindings> = {}): Promise<string> {
  const html = await (await callGateway('/picker', { token: null, headers: { cookie }, bindings })).text()
  const match = /<meta name="codex-shim-csrf" content="([^"]*)">/.exec(html)
  if (match?.[1] === undefined) throw new Error('no CSRF token in the page')
  return match[1]
}

/** A POST to /api/switch as the page sends it, with overrides for the attack under test. */
export function postSwitch(options: {
  cookie?: string
  csrf?: string
  origin?: string | null
  body?: unknown
  bindings?: Partial<Bindings>
  headers?: Record<string, string>
}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers }
  if (options.cookie !== undefined) headers.cookie = options.cookie
  if (options.csrf !== undefined) headers['x-codex-shim-csrf'] = options.csrf
  if (options.origin !== null) headers.origin = options.origin ?? OWN_ORIGIN
  return callGateway('/api/switch', {
    token: null,
    method: 'POST',
    headers,
    body: JSON.stringify(options.body ?? { slug: 'alpha', restart_codex: false }),
    bindings: options.bindings,
  })
}

/** A HOST that serves a settings snapshot and records the switches asked of it, answering like the daemon. */
export function switchingHost(
  snapshot: SettingsSnapshot,
  answer?: (request: PickerSwitchRequest) => PickerSwitchReply,
) {
  const switches: PickerSwitchRequest[] = []
  const version = crypto.randomUUID()
  const host = {
    fetch: async (input: RequestInfo, init?: RequestInit) => {
      const request = new Request(input, init)
      if (request.headers.get(HOST_SECRET_HEADER) !== (env as Bindings).CODEX_SHIM_HOST_SECRET)
        return new Response('refused', { status: 403 })
      const url = new URL(request.url)
      if (url.pathname === HOST_SETTINGS_PATH)
        return Response.json(
          url.searchParams.get('since') === version ? { version, unchanged: true } : { version, snapshot },
        )
      if (url.pathname === HOST_PICKER_SWITCH_PATH) {
        const body = (await request.json()) as PickerSwitchRequest
        switches.push(body)
        const reply: PickerSwitchReply = answer?.(body) ?? {
          ok: true,
          active: { slug: body.slug, displayName: body.slug.toUpperCase() },
          providerName: `${body.slug.toUpperCase()} (codex-shim)`,
          configPath: '/home/u/.codex/config.toml',
          isChanged: true,
          restart: { kind: 'not_requested', message: 'New sessions use it.' },
        }
        return Response.json(reply)
      }
      return Response.json({ entry: undefined })
    },
    connect: () => {
      throw new Error('not used')
    },
  } as unknown as Fetcher
  return { host, switches }
}
