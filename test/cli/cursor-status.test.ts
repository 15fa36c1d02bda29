import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createCursorStatusCache, type CursorStatus } from '../../cli/cursor/cursor-status'
import { currentCursorStatus, recordCursorStatus, recordedCursorStatus } from '../../cli/cursor/cursor-status-file'
import { locateCursorAgent } from '../../cli/cursor/locate-cursor-agent'
import { makeTestHome, runCli } from '../kit/cli-runner'
import { FAKE_CURSOR_AGENT_BIN, makeFakeCursorAgent } from '../kit/fake-cursor-agent'

afterEach(() => {
  vi.useRealTimers()
})

async function fileAt(path: string, text = ''): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, text)
  return path
}

describe('where cursor-agent is found', () => {
  test('without CURSOR_AGENT_BIN and PATH, Linux and macOS look in ~/.local/bin', async () => {
    const home = await mkdtemp(join(tmpdir(), 'cursor-home-'))
    expect(await locateCursorAgent({}, 'linux', home)).toBeUndefined()
    const installed = await fileAt(join(home, '.local', 'bin', 'cursor-agent'))
    expect(await locateCursorAgent({}, 'linux', home)).toBe(installed)
    expect(await locateCursorAgent({}, 'darwin', home)).toBe(installed)
  })

  test('Windows looks in %LOCALAPPDATA%\\cursor-agent', async () => {
    const local = await mkdtemp(join(tmpdir(), 'cursor-localappdata-'))
    const installed = await fileAt(join(local, 'cursor-agent', 'cursor-agent.cmd'))
    expect(await locateCursorAgent({ LOCALAPPDATA: local }, 'win32', '/nowhere')).toBe(installed)
  })

  test('PATH comes before the standard location, and CURSOR_AGENT_BIN before both', async () => {
    const home = await mkdtemp(join(tmpdir(), 'cursor-home-'))
    await fileAt(join(home, '.local', 'bin', 'cursor-agent'))
    const onPath = await fileAt(join(home, 'tools', 'cursor-agent'))
    const chosen = await fileAt(join(home, 'chosen', 'cursor-agent'))
    expect(await locateCursorAgent({ PATH: join(home, 'tools') }, 'linux', home)).toBe(onPath)
    expect(await locateCursorAgent({ PATH: join(home, 'tools'), CURSOR_AGENT_BIN: chosen }, 'linux', home)).toBe(chosen)
  })

  test('`codex-shim cursor status` finds a cursor-agent installed in ~/.local/bin with no PATH at all', async () => {
    const home = await makeTestHome('cursor-standard')
    const fake = await makeFakeCursorAgent()
    const installed = join(home.root, '.local', 'bin', 'cursor-agent')
    // Cursor's installer links a launcher there; ours starts the fake with an absolute node, as PATH is gone.
    await fileAt(installed, `#!/bin/sh\nexec "${process.execPath}" "${FAKE_CURSOR_AGENT_BIN}" "$@"\n`)
    await chmod(installed, 0o755)
    const { PATH: _path, CURSOR_AGENT_BIN: _bin, ...env } = home.env
    const run = await runCli(['cursor', 'status', '--json'], { ...env, FAKE_CURSOR_DIR: fake.env.FAKE_CURSOR_DIR })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'available', binary: installed, account: 'dev@example.com' })
  })
})

describe('the 30 s status cache', () => {
  const available: CursorStatus = { state: 'available', binary: '/bin/cursor-agent' }
  const loggedOut: CursorStatus = { state: 'logged_out', binary: '/bin/cursor-agent' }

  test('a status is believed for 30 s; after that the old one is answered while a new probe runs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(1_000_000)
    const answers = [available, loggedOut]
    const probe = vi.fn(async () => answers.shift() ?? loggedOut)
    const cache = createCursorStatusCache({}, { probe })
    expect(cache.peek().state).toBe('not_installed') // nothing probed yet: a probe starts
    expect(probe).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(cache.peek().state).toBe('available'))
    vi.setSystemTime(1_000_000 + 29_000)
    for (let i = 0; i < 5; i++) expect(cache.peek().state).toBe('available')
    expect(probe).toHaveBeenCalledTimes(1)
    vi.setSystemTime(1_000_000 + 31_000)
    expect(cache.peek().state).toBe('available') // stale, but a request never waits for the probe
    expect(cache.peek().state).toBe('available')
    expect(probe).toHaveBeenCalledTimes(2) // one probe at a time
    await vi.waitFor(() => expect(cache.peek().state).toBe('logged_out'))
    expect(probe).toHaveBeenCalledTimes(2)
  })

  test('with CODEX_SHIM_DISABLE_CURSOR=1 the cache starts switched off', () => {
    const cache = createCursorStatusCache({ CODEX_SHIM_DISABLE_CURSOR: '1' }, { probe: async () => available })
    expect(cache.peek().state).toBe('disabled')
  })

  test("the daemon's recorded status serves the CLI for 30 s, then the CLI probes again", async () => {
    const runtime = await mkdtemp(join(tmpdir(), 'cursor-runtime-'))
    const fake = await makeFakeCursorAgent({ loggedIn: false })
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(2_000_000)
    await recordCursorStatus(runtime, available)
    vi.setSystemTime(2_000_000 + 29_000)
    expect(await recordedCursorStatus(runtime)).toMatchObject({ state: 'available' })
    expect(await currentCursorStatus(runtime, { ...fake.env })).toMatchObject({ state: 'available' })
    expect(await fake.invocations()).toEqual([])
    vi.setSystemTime(2_000_000 + 31_000)
    expect(await recordedCursorStatus(runtime)).toBeUndefined()
    expect(await currentCursorStatus(runtime, { ...fake.env })).toMatchObject({ state: 'logged_out' })
    expect((await fake.invocations()).map((run) => run.kind)).toEqual(['status'])
  })
})
