import { env } from 'cloudflare:test'
import {
  HOST_PASSTHROUGH_ENTRY_PATH,
  HOST_SECRET_HEADER,
  HOST_SETTINGS_PATH,
  type ResolvedModel,
  type SettingsReply,
  type SettingsSnapshot,
} from '../../../shared/host-protocol'
import app from '../../../worker/index'
import type { Bindings } from '../../../worker/env'

/**
 * A HOST binding that serves a fixed settings snapshot, as the daemon would, and refuses calls without the
 * run's secret as the daemon does. Each fake has its own version, so one test's snapshot never serves another.
 */
export function fakeHost(snapshot: SettingsSnapshot, passthroughEntry?: Record<string, unknown>): Fetcher {
  const version = crypto.randomUUID()
  return {
    fetch: async (input: RequestInfo, init?: RequestInit) => {
      const request = new Request(input, init)
      const refusal = refuseWithoutSecret(request)
      if (refusal !== undefined) return refusal
      const url = new URL(request.url)
      if (url.pathname === HOST_PASSTHROUGH_ENTRY_PATH) return Response.json({ entry: passthroughEntry })
      if (url.pathname !== HOST_SETTINGS_PATH)
        return Response.json({ error: 'not served by the fake' }, { status: 404 })
      const reply: SettingsReply =
        url.searchParams.get('since') === version ? { version, unchanged: true } : { version, snapshot }
      return Response.json(reply)
    },
    connect: () => {
      throw new Error('not used')
    },
  } as unknown as Fetcher
}

/** The daemon's 403 for a HOST call without the run's secret; undefined for the worker's own calls. */
export function refuseWithoutSecret(request: Request): Response | undefined {
  return request.headers.get(HOST_SECRET_HEADER) === (env as Bindings).CODEX_SHIM_HOST_SECRET
    ? undefined
    : new Response('refused', { status: 403 })
}

export function model(overrides: Partial<ResolvedModel> & Pick<ResolvedModel, 'slug'>): ResolvedModel {
  return {
    model: overrides.slug,
    provider: 'generic-chat-completion-api',
    baseUrl: 'http://127.0.0.1:9/v1',
    displayName: overrides.slug,
    noImageSupport: false,
    promptCache: true,
    extraHeaders: {},
    index: 0,
    ...overrides,
  }
}

export const emptySettings: SettingsSnapshot = { ok: true, models: [], chatgptPassthrough: 'logged_out' }

/**
 * Calls the app as workerd would, with loopback Host and the test gateway's token unless the test says otherwise
 * (`token: null` sends none).
 */
export async function callGateway(
  path: string,
  init: RequestInit & { snapshot?: SettingsSnapshot; bindings?: Partial<Bindings>; token?: string | null } = {},
): Promise<Response> {
  const {
    snapshot = emptySettings,
    bindings = {},
    token = (env as Bindings).CODEX_SHIM_ACCESS_TOKEN,
    ...requestInit
  } = init
  const headers = new Headers(requestInit.headers)
  if (!headers.has('host')) headers.set('host', '127.0.0.1:8765')
  if (token !== null && token !== undefined && !headers.has('authorization'))
    headers.set('authorization', `Bearer ${token}`)
  const request = new Request(`http://127.0.0.1:8765${path}`, { ...requestInit, headers })
  return app.fetch(request, { ...env, HOST: fakeHost(snapshot), ...bindings } as Bindings, fakeExecutionContext())
}

function fakeExecutionContext(): ExecutionContext {
  return {
    waitUntil: () => undefined,
    passThroughOnException: () => undefined,
    props: {},
  } as unknown as ExecutionContext
}

export async function errorOf(response: Response): Promise<{ message: string; type: string; code: string }> {
  const body = (await response.json()) as { error: { message: string; type: string; code: string } }
  return body.error
}
