import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { desktopProxyNote, isDesktopRunning, launchCodexDesktop, spawnerFor } from '../../cli/codex/launch-desktop'
import { fakePlatform, npmCmdShim } from '../kit/fake-platform'

const NODEJS = 'C:\\Program Files\\nodejs'
const CODEX_JS = 'node_modules\\@openai\\codex\\bin\\codex.js'

describe('the Desktop launcher’s spawner on Windows', () => {
  test('runs `codex app <dir>` as node on codex.js, hidden, without a shell, the folder one argument', async () => {
    const { platform, spawnCalls } = fakePlatform({
      env: { Path: NODEJS },
      files: { [`${NODEJS}\\codex.cmd`]: npmCmdShim(CODEX_JS) },
    })
    const folder = 'C:\\Users\\John Smith\\my project & co'
    // Resolved on the child's own Path, as libuv would.
    await spawnerFor(platform)('codex', ['app', folder], { Path: NODEJS, NO_PROXY: '127.0.0.1' })
    expect(spawnCalls).toHaveLength(1)
    expect(spawnCalls[0]).toMatchObject({ file: platform.execPath, args: [`${NODEJS}\\${CODEX_JS}`, 'app', folder] })
    expect(spawnCalls[0]?.options).toMatchObject({
      windowsHide: true,
      windowsVerbatimArguments: false,
      env: { NO_PROXY: '127.0.0.1' },
    })
    expect(spawnCalls[0]?.options.shell).toBeUndefined()
  })

  test('a launcher that is not installed is a failure with its reason, not "launched"', async () => {
    const { platform, spawnCalls } = fakePlatform({ env: { Path: NODEJS } })
    const root = await mkdtemp(join(tmpdir(), 'codex-shim-launch-'))
    const folder = join(root, 'project')
    await mkdir(folder)
    const launch = await launchCodexDesktop(folder, {}, 'win32', spawnerFor(platform))
    expect(launch).toMatchObject({ kind: 'failed', reason: expect.stringContaining('powershell.exe was not found') })
    expect(launch).toMatchObject({ reason: expect.stringContaining('codex was not found') })
    expect(spawnCalls).toEqual([])
  })
})

describe('what `app` tells a Windows user afterwards', () => {
  test('NO_PROXY cannot reach a Store app: said only when a proxy is in play, with fixes that do reach it', () => {
    expect(desktopProxyNote('win32', true)).toMatch(/setx NO_PROXY "127\.0\.0\.1,localhost,::1"/)
    expect(desktopProxyNote('win32', false)).toBeUndefined()
    expect(desktopProxyNote('darwin', true)).toBeUndefined()
  })

  test('a running Desktop is found with tasklist (ChatGPT.exe or Codex.exe)', async () => {
    const running = fakePlatform({
      exec: (_file, args) => ({
        stdout: args[1]?.includes('Codex.exe')
          ? '"Codex.exe","77","Console","1","9 K"\r\n'
          : 'INFO: No tasks are running which match the specified criteria.\r\n',
        stderr: '',
      }),
    })
    expect(await isDesktopRunning(running.platform)).toBe(true)
    const idle = fakePlatform({
      exec: () => ({ stdout: 'INFO: No tasks are running which match the specified criteria.\r\n', stderr: '' }),
    })
    expect(await isDesktopRunning(idle.platform)).toBe(false)
    expect(await isDesktopRunning(fakePlatform().platform)).toBeUndefined()
  })
})
