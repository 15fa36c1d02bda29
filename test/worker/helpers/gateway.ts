import { env } from 'cloudflare:test'
import type { ResolvedModel, SettingsSnapshot } from '../../../shared/host-protocol'
import app from '../../../worker/index'
import type { Bindings } from '../../../worker/env'

/** A HOST binding that serves a fixed settings snapshot, as the daemon would. */
export function fakeHost(snapshot: SettingsSnapshot): Fetcher {
  return {
    fetch: async () => Response.json(snapshot),
    connect: () => {
      throw new Error('not used')
    },
  } as unknown as Fetcher
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

/** Calls the app as workerd would, with loopback Host unless the test says otherwise. */
export async function callGateway(
  path: string,
  init: RequestInit & { snapshot?: SettingsSnapshot; bindings?: Partial<Bindings> } = {},
): Promise<Response> {
  const { snapshot = emptySettings, bindings = {}, ...requestInit } = init
  const headers = new Headers(requestInit.headers)
  if (!headers.has('host')) headers.set('host', '127.0.0.1:8765')
  const request = new Request(`http://127.0.0.1:8765${path}`, { ...requestInit, headers })
  return app.fetch(request, { ...env, HOST: fakeHost(snapshot), ...bindings } as Bindings, fakeExecutionContext())
}

function fakeExecutionContext(): ExecutionContext {
  return { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} } as unknown as ExecutionContext
}

export async function errorOf(response: Response): Promise<{ message: string; type: string; code: string }> {
  const body = (await response.json()) as { error: { message: string; type: string; code: string } }
  return body.error
}
