import { describe, expect, test } from 'vitest'
import { cursorAgentInvocation } from '../../cli/cursor/cursor-agent-invocation'
import { cursorChildEnv } from '../../cli/cursor/cursor-child-env'
import { fakePlatform } from '../kit/fake-platform'
import { parseWindowsCommandLine } from '../kit/windows-argv'
import { windowsCommandLine } from '../../cli/platform'

const INSTALL = 'C:\\Users\\John Smith\\AppData\\Local\\cursor-agent'
const WORKSPACE = 'C:\\Users\\John Smith\\My Projects\\app & co'

describe('starting cursor-agent on Windows (reference/windows.md §16)', () => {
  test("the installer's .cmd and .ps1 are bypassed: the newest version's node.exe runs index.js, no shell", async () => {
    const { platform } = fakePlatform({
      os: 'win32',
      files: {
        [`${INSTALL}\\cursor-agent.cmd`]: '@echo off\r\npowershell -File "%~dp0cursor-agent.ps1" %*',
        [`${INSTALL}\\cursor-agent.ps1`]: '& "$PSScriptRoot\\versions\\..."',
        [`${INSTALL}\\versions\\2026.08.11-e8db854\\node.exe`]: '',
        [`${INSTALL}\\versions\\2026.08.11-e8db854\\index.js`]: '',
        [`${INSTALL}\\versions\\2026.10.02-1a2b3c4\\node.exe`]: '',
        [`${INSTALL}\\versions\\2026.10.02-1a2b3c4\\index.js`]: '',
        // A version folder left half-installed is skipped.
        [`${INSTALL}\\versions\\2026.11.30-ffffff0\\index.js`]: '',
      },
    })
    const args = ['-p', '--workspace', WORKSPACE, '--model', 'composer-2.5', '--force']
    const invocation = await cursorAgentInvocation(`${INSTALL}\\cursor-agent.cmd`, args, platform)
    expect(invocation.via).toBe('script')
    expect(invocation.windowsVerbatimArguments).toBe(false)
    expect(invocation.file.toLowerCase()).toBe(`${INSTALL}\\versions\\2026.10.02-1a2b3c4\\node.exe`.toLowerCase())
    expect(invocation.args[0]?.toLowerCase()).toBe(`${INSTALL}\\versions\\2026.10.02-1a2b3c4\\index.js`.toLowerCase())
    // The workspace with spaces and `&` reaches index.js as one argument, as Windows would split the line.
    expect(parseWindowsCommandLine(windowsCommandLine(invocation.file, invocation.args)).slice(2)).toEqual(args)
  })

  test('a .cmd without that layout goes through cmd.exe with every argument escaped, never `shell: true`', async () => {
    const { platform } = fakePlatform({
      os: 'win32',
      env: { ComSpec: 'C:\\Windows\\system32\\cmd.exe' },
      files: { 'C:\\tools\\cursor-agent.cmd': '@echo off\r\nnode "%~dp0agent.js" %*' },
    })
    const invocation = await cursorAgentInvocation('C:\\tools\\cursor-agent.cmd', ['--workspace', WORKSPACE], platform)
    expect(invocation.via).toBe('cmd')
    expect(invocation.file).toBe('C:\\Windows\\system32\\cmd.exe')
    expect(invocation.windowsVerbatimArguments).toBe(true)
  })

  test('elsewhere a binary runs as it is, and a Node script (a test fake) under Node', async () => {
    const { platform } = fakePlatform({ os: 'linux' })
    expect(await cursorAgentInvocation('/home/me/.local/bin/cursor-agent', ['-p'], platform)).toMatchObject({
      file: '/home/me/.local/bin/cursor-agent',
      args: ['-p'],
      via: 'direct',
    })
    expect(await cursorAgentInvocation('/tmp/fake/cursor-agent.mjs', ['-p'], platform)).toMatchObject({
      file: '/usr/bin/node',
      args: ['/tmp/fake/cursor-agent.mjs', '-p'],
    })
  })
})

describe("cursor-agent's environment", () => {
  test('CURSOR_API_KEY is dropped in any spelling; SystemRoot and the rest of a Windows environment stay', () => {
    const env = cursorChildEnv({
      cursor_api_key: 'crsr_1',
      Cursor_Api_Key: 'crsr_2',
      SystemRoot: 'C:\\Windows',
      ComSpec: 'cmd.exe',
      Path: 'C:\\bin',
      LOCALAPPDATA: 'C:\\L',
      codex_shim_access_token: 't',
    })
    expect(Object.keys(env).map((name) => name.toUpperCase())).not.toContain('CURSOR_API_KEY')
    expect(Object.keys(env).map((name) => name.toUpperCase())).not.toContain('CODEX_SHIM_ACCESS_TOKEN')
    expect(env).toMatchObject({
      SystemRoot: 'C:\\Windows',
      ComSpec: 'cmd.exe',
      Path: 'C:\\bin',
      LOCALAPPDATA: 'C:\\L',
      NO_OPEN_BROWSER: '1',
    })
  })

  test('the user may opt in to a key', () => {
    expect(cursorChildEnv({ CURSOR_API_KEY: 'crsr_1', CODEX_SHIM_CURSOR_USE_API_KEY: '1' }).CURSOR_API_KEY).toBe(
      'crsr_1',
    )
  })
})
