import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { codexVersion } from '../../../cli/codex/codex-binary'
import { runCodexAttached } from '../../../cli/codex/run-codex'
import { daemonContext } from '../../../cli/daemon/daemon-context'
import { codexPassthroughEntry } from '../../../cli/codex/codex-passthrough-entry'
import { commandInvocation, windowsCommandLine } from '../../../cli/platform'
import { fakePlatform, npmCmdShim, npmPs1Shim } from '../../kit/fake-platform'
import { argumentsThroughBatch, parseWindowsCommandLine } from '../../kit/windows-argv'

const NODEJS = 'C:\\Program Files\\nodejs'
const CODEX_JS = 'node_modules\\@openai\\codex\\bin\\codex.js'
const env = { Path: `${NODEJS};C:\\Windows\\System32`, PATHEXT: '.COM;.EXE;.BAT;.CMD' }

describe('commandInvocation on Windows: no shell between us and the program', () => {
  test('npm’s codex.cmd in a folder with a space runs node on codex.js, each argument intact', async () => {
    const { platform } = fakePlatform({
      env,
      files: { [`${NODEJS}\\codex.cmd`]: npmCmdShim(CODEX_JS), [`${NODEJS}\\node.exe`]: '' },
    })
    const args = ['exec', 'fix the failing test', 'a & b | c', '50%', 'say "hi"']
    const invocation = await commandInvocation('codex', args, platform)
    expect(invocation).toEqual({
      file: `${NODEJS}\\node.exe`,
      args: [`${NODEJS}\\${CODEX_JS}`, ...args],
      windowsVerbatimArguments: false,
      via: 'script',
    })
    // What node.exe would see, parsed by the MSVCRT rules from the line libuv builds.
    expect(parseWindowsCommandLine(windowsCommandLine(invocation?.file ?? '', invocation?.args ?? []))).toEqual([
      `${NODEJS}\\node.exe`,
      `${NODEJS}\\${CODEX_JS}`,
      ...args,
    ])
  })

  test('without node.exe beside the shim, the Node running us runs the script', async () => {
    const npm = 'C:\\Users\\John Smith\\AppData\\Roaming\\npm'
    const { platform } = fakePlatform({
      env: { Path: npm },
      files: { [`${npm}\\codex.cmd`]: npmCmdShim(CODEX_JS) },
      execPath: 'D:\\node\\node.exe',
    })
    expect(await commandInvocation('codex', ['--version'], platform)).toMatchObject({
      file: 'D:\\node\\node.exe',
      args: [`${npm}\\${CODEX_JS}`, '--version'],
    })
  })

  test('a .ps1 shim alone (the .cmd deleted) is read the same way, never run through PowerShell', async () => {
    const { platform } = fakePlatform({
      env: { ...env, PATHEXT: '.PS1;.EXE' },
      files: { [`${NODEJS}\\codex.ps1`]: npmPs1Shim(CODEX_JS) },
    })
    expect(await commandInvocation('codex', ['--', '--help'], platform)).toMatchObject({
      args: [`${NODEJS}\\${CODEX_JS}`, '--', '--help'],
      via: 'script',
    })
  })

  test('an .exe runs directly; a .js runs under Node', async () => {
    const { platform } = fakePlatform({ env, files: { [`${NODEJS}\\codex.exe`]: '', 'D:\\tools\\codex.js': '' } })
    expect(await commandInvocation('codex', ['app', 'C:\\my project'], platform)).toEqual({
      file: `${NODEJS}\\codex.exe`,
      args: ['app', 'C:\\my project'],
      windowsVerbatimArguments: false,
      via: 'direct',
    })
    expect(await commandInvocation('D:\\tools\\codex.js', ['x'], platform)).toMatchObject({
      file: platform.execPath,
      args: ['D:\\tools\\codex.js', 'x'],
      via: 'script',
    })
  })

  test('a .cmd that is not an npm shim goes through cmd.exe, quoted so that cmd and the batch file give the arguments back', async () => {
    const { platform } = fakePlatform({
      env: { ...env, ComSpec: 'C:\\Windows\\system32\\cmd.exe' },
      files: { [`${NODEJS}\\codex.cmd`]: '@echo off\r\n"C:\\tools\\codex-real.exe" %*\r\n' },
    })
    const args = ['exec', 'fix the failing test', 'a&b', '%PATH%', 'say "hi"', 'C:\\dir with space\\']
    const invocation = await commandInvocation('codex', args, platform)
    expect(invocation).toMatchObject({
      file: 'C:\\Windows\\system32\\cmd.exe',
      windowsVerbatimArguments: true,
      via: 'cmd',
    })
    const line = [invocation?.file, ...(invocation?.args ?? [])].join(' ')
    expect(argumentsThroughBatch(line, { PATH: 'C:\\Windows' })).toEqual({ command: `${NODEJS}\\codex.cmd`, args })
  })

  test('a line over the limit is refused with the stdin way around it, before anything runs', async () => {
    const { platform } = fakePlatform({ env, files: { [`${NODEJS}\\codex.cmd`]: npmCmdShim(CODEX_JS) } })
    await expect(commandInvocation('codex', ['exec', 'x'.repeat(33_000)], platform)).rejects.toThrow(
      /too long for Windows[\s\S]*exec - < prompt\.txt/,
    )
    const viaCmd = fakePlatform({ env, files: { [`${NODEJS}\\codex.cmd`]: '@echo off\r\nreal.exe %*\r\n' } })
    await expect(commandInvocation('codex', ['exec', 'x'.repeat(8200)], viaCmd.platform)).rejects.toThrow(
      /cmd\.exe takes at most 8191/,
    )
    expect(await commandInvocation('codex', ['exec', 'x'.repeat(20_000)], platform)).toMatchObject({ via: 'script' })
  })
})

describe('the Codex probes on Windows (codex-binary.ts, codex-passthrough-entry.ts)', () => {
  test('codex --version runs node on codex.js from C:\\Program Files without a shell', async () => {
    const { platform, execCalls } = fakePlatform({
      env,
      files: { [`${NODEJS}\\codex.cmd`]: npmCmdShim(CODEX_JS), [`${NODEJS}\\node.exe`]: '' },
      exec: () => ({ stdout: 'codex-cli 0.169.0\n', stderr: '' }),
    })
    expect(await codexVersion(env, platform)).toEqual({ text: 'codex-cli 0.169.0', parts: [0, 169, 0] })
    expect(execCalls).toEqual([
      {
        file: `${NODEJS}\\node.exe`,
        args: [`${NODEJS}\\${CODEX_JS}`, '--version'],
        options: expect.objectContaining({ windowsVerbatimArguments: false }),
      },
    ])
    expect(JSON.stringify(execCalls)).not.toContain('"shell"')
  })

  test('the gpt-5.5 entry probe finds Codex through `Path` and runs `debug models` the same way', async () => {
    const entry = { slug: 'gpt-5.5', base_instructions: 'codex prompt' }
    const { platform, execCalls } = fakePlatform({
      env,
      files: { [`${NODEJS}\\codex.cmd`]: npmCmdShim(CODEX_JS) },
      exec: () => ({ stdout: JSON.stringify({ models: [entry] }), stderr: '' }),
    })
    const home = await mkdtemp(join(tmpdir(), 'codex-shim-entry-'))
    expect(await codexPassthroughEntry(home, env, platform)).toEqual(entry)
    expect(execCalls[0]).toMatchObject({
      file: platform.execPath,
      args: [`${NODEJS}\\${CODEX_JS}`, 'debug', 'models'],
      options: { env: { CODEX_HOME: join(home, 'codex-probe-home') } },
    })
  })
})

describe('codex-shim codex on Windows', () => {
  test('spawns node on codex.js attached to the terminal: no shell, every argument as given, NO_PROXY merged into one', async () => {
    const userEnv = { ...env, no_proxy: 'corp.local' }
    const { platform, spawnCalls } = fakePlatform({
      env: userEnv,
      files: { [`${NODEJS}\\codex.cmd`]: npmCmdShim(CODEX_JS) },
    })
    const args = [
      '-c',
      'model_catalog_json="C:\\\\Users\\\\John Smith\\\\catalog.json"',
      'exec',
      'fix the failing test & more',
    ]
    // The fake child exits 1 at once; its exit code is what the command passes on.
    expect(await runCodexAttached(args, daemonContext({ port: 8765, env: userEnv, platform }))).toBe(1)
    expect(spawnCalls).toHaveLength(1)
    expect(spawnCalls[0]).toMatchObject({ file: platform.execPath, args: [`${NODEJS}\\${CODEX_JS}`, ...args] })
    expect(spawnCalls[0]?.options).toMatchObject({
      stdio: 'inherit',
      windowsVerbatimArguments: false,
      env: { NO_PROXY: 'corp.local,127.0.0.1,localhost,::1' },
    })
    expect(spawnCalls[0]?.options.shell).toBeUndefined()
    expect(spawnCalls[0]?.options.env).not.toHaveProperty('no_proxy')
  })

  test('a missing Codex is a UserError with the install line, before anything is spawned', async () => {
    const { platform, spawnCalls } = fakePlatform({ env })
    await expect(runCodexAttached(['exec', 'x'], daemonContext({ port: 8765, env, platform }))).rejects.toThrow(
      /codex command was not found[\s\S]*npm install -g @openai\/codex/,
    )
    expect(spawnCalls).toEqual([])
  })
})
