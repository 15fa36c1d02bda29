import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  desktopThreadLink,
  launchCodexDesktop,
  type SpawnOutcome,
  type Spawner,
} from '../../../cli/codex/launch-desktop'

interface Call {
  command: string
  args: string[]
  env: NodeJS.ProcessEnv
}

/** Answers each spawn in turn from `outcomes` and records what was asked. */
function fakeSpawner(outcomes: SpawnOutcome[]): { spawner: Spawner; calls: Call[] } {
  const calls: Call[] = []
  const spawner: Spawner = async (command, args, env) => {
    calls.push({ command, args, env })
    return outcomes[calls.length - 1] ?? { kind: 'error', message: 'spawn ENOENT' }
  }
  return { spawner, calls }
}

const exited = (exitCode: number, stderr = ''): SpawnOutcome => ({ kind: 'exited', exitCode, stderr })

async function workspace(name = 'my project & co'): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'codex-shim-launch-'))
  const dir = join(root, name)
  await mkdir(dir)
  return dir
}

describe('codex-shim app on macOS', () => {
  test('opens the app by bundle id with the new-thread link for the folder', async () => {
    const dir = await workspace()
    const { spawner, calls } = fakeSpawner([exited(0)])
    expect(await launchCodexDesktop(dir, { HTTPS_PROXY: 'http://proxy:3128' }, 'darwin', spawner)).toEqual({
      kind: 'launched',
      how: 'open -b com.openai.codex',
    })
    expect(calls).toHaveLength(1)
    expect(calls[0]?.command).toBe('open')
    expect(calls[0]?.args).toEqual(['-b', 'com.openai.codex', `codex://threads/new?path=${encodeURIComponent(dir)}`])
    expect(calls[0]?.env.NO_PROXY).toContain('127.0.0.1')
  })

  test('falls back to `codex app <dir>` when open fails', async () => {
    const dir = await workspace()
    const { spawner, calls } = fakeSpawner([
      exited(1, 'Unable to find application with bundle identifier com.openai.codex'),
      exited(0),
    ])
    expect(await launchCodexDesktop(dir, { CODEX_SHIM_CODEX_BIN: '/opt/codex' }, 'darwin', spawner)).toEqual({
      kind: 'launched',
      how: '/opt/codex app',
    })
    expect(calls[1]).toMatchObject({ command: '/opt/codex', args: ['app', dir] })
  })

  test('says it failed, with each reason, when nothing opened the app', async () => {
    const dir = await workspace()
    const { spawner } = fakeSpawner([
      exited(1, 'Unable to find application with bundle identifier com.openai.codex'),
      { kind: 'error', message: 'spawn codex ENOENT' },
    ])
    const launch = await launchCodexDesktop(dir, {}, 'darwin', spawner)
    expect(launch).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('Unable to find application with bundle identifier com.openai.codex'),
    })
    expect(launch).toMatchObject({ reason: expect.stringContaining('spawn codex ENOENT') })
  })

  test('a path that is not a folder fails before anything is spawned', async () => {
    const root = await mkdtemp(join(tmpdir(), 'codex-shim-launch-'))
    await writeFile(join(root, 'file.txt'), '')
    const { spawner, calls } = fakeSpawner([exited(0)])
    expect(await launchCodexDesktop(join(root, 'file.txt'), {}, 'darwin', spawner)).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('is not a folder'),
    })
    expect(calls).toEqual([])
  })
})

describe('codex-shim app on Windows', () => {
  test('opens the Store app through the codex:// link as one argument, never a WindowsApps path', async () => {
    const dir = await workspace("it's my project & co")
    const { spawner, calls } = fakeSpawner([exited(0)])
    expect(await launchCodexDesktop(dir, {}, 'win32', spawner)).toEqual({ kind: 'launched', how: 'the codex:// link' })
    const [call] = calls
    expect(call?.command).toBe('powershell.exe')
    expect(call?.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command'])
    expect(call?.args[3]).toBe(`Start-Process -ErrorAction Stop '${desktopThreadLink(dir)}'`)
    expect(desktopThreadLink(dir)).not.toMatch(/[ '&]/)
    expect(JSON.stringify(calls)).not.toContain('WindowsApps')
  })

  test('then tries `codex app <dir>`, and a spawn error is a failure, not "launched"', async () => {
    const dir = await workspace()
    const { spawner, calls } = fakeSpawner([
      exited(1, 'Start-Process : This command cannot be run due to the error: Application not found.'),
      { kind: 'error', message: 'spawn codex ENOENT' },
    ])
    const launch = await launchCodexDesktop(dir, {}, 'win32', spawner)
    expect(calls.map((call) => call.command)).toEqual(['powershell.exe', 'codex'])
    expect(calls[1]?.args).toEqual(['app', dir])
    expect(launch.kind).toBe('failed')
  })
})

describe('codex-shim app on Linux', () => {
  test('explains that Codex Desktop is not available, spawning nothing', async () => {
    const { spawner, calls } = fakeSpawner([])
    expect(await launchCodexDesktop('.', {}, 'linux', spawner)).toMatchObject({
      kind: 'unsupported',
      reason: expect.stringContaining('macOS and Windows'),
    })
    expect(calls).toEqual([])
  })
})
