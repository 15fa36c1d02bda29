import { describe, expect, test } from 'vitest'
import {
  HOST_SETTINGS_PATH,
  type SettingsReply,
  type SettingsSnapshot,
  type WatchedFile,
} from '../../shared/host-protocol'
import type { Bindings } from '../../worker/env'
import { callGateway, model, refuseWithoutSecret } from './helpers/gateway'

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** A directory binding as workerd's disk service answers: the file's bytes, or 404 when there is none. */
function fakeDirectory(files: Map<string, string>): Fetcher {
  return {
    fetch: async (input: RequestInfo) => {
      const name = decodeURIComponent(new URL(new Request(input).url).pathname.slice(1))
      const text = files.get(name)
      return text === undefined ? new Response('Not Found', { status: 404 }) : new Response(text)
    },
  } as unknown as Fetcher
}

/**
 * A daemon that builds its snapshot from models.json in `files` (one model per line of slugs) and reports that
 * file's hash with it, as the real one does; it counts the settings calls it answers.
 */
function fakeDaemon(files: Map<string, string>, options: { isStatBlind?: boolean } = {}) {
  const calls = { settings: 0, rechecks: 0 }
  let version = ''
  let snapshot: SettingsSnapshot = { ok: true, models: [], chatgptPassthrough: 'logged_out' }
  let watched: WatchedFile[] = []
  async function rebuild(): Promise<void> {
    const text = files.get('models.json')
    const nextVersion = text === undefined ? 'missing' : await sha256(text)
    if (nextVersion === version) return
    version = nextVersion
    snapshot =
      text === 'broken'
        ? { ok: false, message: 'models.json: not JSON' }
        : {
            ok: true,
            chatgptPassthrough: 'logged_out',
            models: (text ?? '')
              .split('\n')
              .filter(Boolean)
              .map((slug, index) => model({ slug, index })),
          }
    watched = [{ binding: 'WATCHED_FILES', name: 'models.json', sha256: text === undefined ? null : nextVersion }]
  }
  const host = {
    fetch: async (input: RequestInfo, init?: RequestInit) => {
      const request = new Request(input, init)
      const refusal = refuseWithoutSecret(request)
      if (refusal !== undefined) return refusal
      const url = new URL(request.url)
      if (url.pathname !== HOST_SETTINGS_PATH) return Response.json({ error: 'not served' }, { status: 404 })
      calls.settings++
      if (url.searchParams.has('recheck')) calls.rechecks++
      // A stat-blind daemon (a same-size rewrite within one timestamp tick) reads the file only when told to.
      if (!options.isStatBlind || url.searchParams.has('recheck') || version === '') await rebuild()
      const reply: SettingsReply =
        url.searchParams.get('since') === version ? { version, unchanged: true } : { version, snapshot, files: watched }
      return Response.json(reply)
    },
  } as unknown as Fetcher
  return { host, calls }
}

async function slugsServed(bindings: Partial<Bindings>): Promise<string[]> {
  const response = await callGateway('/v1/models', { bindings })
  expect(response.status).toBe(200)
  const body = (await response.json()) as { data: { id: string }[] }
  return body.data.map((entry) => entry.id).filter((id) => id.startsWith('files-'))
}

describe('settings confirmed by their files', () => {
  test('unchanged files: the daemon is asked once, later requests read the files instead', async () => {
    const files = new Map([['models.json', 'files-alpha\n']])
    const daemon = fakeDaemon(files)
    const bindings = { HOST: daemon.host, WATCHED_FILES: fakeDirectory(files) }
    expect(await slugsServed(bindings)).toEqual(['files-alpha'])
    expect(await slugsServed(bindings)).toEqual(['files-alpha'])
    expect(await slugsServed(bindings)).toEqual(['files-alpha'])
    expect(daemon.calls.settings).toBe(1)
  })

  test('an edit of the same size is seen by the very next request', async () => {
    const files = new Map([['models.json', 'files-aaaa\n']])
    const daemon = fakeDaemon(files)
    const bindings = { HOST: daemon.host, WATCHED_FILES: fakeDirectory(files) }
    expect(await slugsServed(bindings)).toEqual(['files-aaaa'])
    files.set('models.json', 'files-bbbb\n')
    expect(await slugsServed(bindings)).toEqual(['files-bbbb'])
    expect(daemon.calls.settings).toBe(2)
  })

  test('a file that appears, or goes, sends the worker to the daemon', async () => {
    const files = new Map<string, string>()
    const daemon = fakeDaemon(files)
    const bindings = { HOST: daemon.host, WATCHED_FILES: fakeDirectory(files) }
    expect(await slugsServed(bindings)).toEqual([])
    files.set('models.json', 'files-new\n')
    expect(await slugsServed(bindings)).toEqual(['files-new'])
    files.delete('models.json')
    expect(await slugsServed(bindings)).toEqual([])
    expect(daemon.calls.settings).toBe(3)
  })

  test('a broken edit gives the same 500 as before, and is served as long as the file stays broken', async () => {
    const files = new Map([['models.json', 'files-good\n']])
    const daemon = fakeDaemon(files)
    const bindings = { HOST: daemon.host, WATCHED_FILES: fakeDirectory(files) }
    expect(await slugsServed(bindings)).toEqual(['files-good'])
    files.set('models.json', 'broken')
    for (let i = 0; i < 2; i++) {
      const response = await callGateway('/v1/models', { bindings })
      expect(response.status).toBe(500)
      expect(await response.json()).toMatchObject({
        error: { code: 'invalid_settings', message: 'models.json: not JSON' },
      })
    }
    expect(daemon.calls.settings).toBe(2)
    files.set('models.json', 'files-fixed\n')
    expect(await slugsServed(bindings)).toEqual(['files-fixed'])
  })

  test('without the directory binding (Windows, links that could not be made) the daemon is asked every time', async () => {
    const files = new Map([['models.json', 'files-unbound\n']])
    const daemon = fakeDaemon(files)
    for (let i = 0; i < 3; i++) expect(await slugsServed({ HOST: daemon.host })).toEqual(['files-unbound'])
    expect(daemon.calls.settings).toBe(3)
  })

  test('different bytes under an unchanged stat: the worker tells the daemon to read the file again', async () => {
    const files = new Map([['models.json', 'files-tick-a\n']])
    const daemon = fakeDaemon(files, { isStatBlind: true })
    const bindings = { HOST: daemon.host, WATCHED_FILES: fakeDirectory(files) }
    expect(await slugsServed(bindings)).toEqual(['files-tick-a'])
    const before = { ...daemon.calls }
    files.set('models.json', 'files-tick-b\n')
    expect(await slugsServed(bindings)).toEqual(['files-tick-b'])
    expect(daemon.calls.rechecks - before.rechecks).toBe(1)
    expect(await slugsServed(bindings)).toEqual(['files-tick-b'])
    expect(daemon.calls.settings - before.settings).toBe(1)
  })
})
