import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { daemonContext } from '../../cli/daemon/daemon-context'
import { portRefusal } from '../../cli/daemon/port-refusal'
import { isProcessAlive, terminate } from '../../cli/daemon/process-info'
import { daemonSpawnOptions, startBackground } from '../../cli/daemon/start-background'
import { stopDaemon } from '../../cli/daemon/stop-daemon'
import { hostPlatform, type Platform } from '../../cli/platform'
import { freePort, makeTestHome, runCli } from '../kit/cli-runner'
import { fakePlatform } from '../kit/fake-platform'

const children: ChildProcess[] = []
const homes: { env: NodeJS.ProcessEnv }[] = []
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  for (const home of homes.splice(0)) await runCli(['stop'], home.env)
})

/** A real process to stand in for the daemon, so a Windows-style kill has something true to report about. */
function sleeper(): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  children.push(child)
  return child.pid ?? 0
}

/**
 * Windows as far as stopping goes: liveness through signal 0 works, every other signal would be TerminateProcess
 * (so it is refused and recorded here), and taskkill is recorded and does its job on the real process.
 */
function windowsLike(options: { onTaskkill?: (pid: number) => void } = {}) {
  const signals: { pid: number; signal: NodeJS.Signals | 0 }[] = []
  const fake = fakePlatform({
    kill: (pid, signal) => {
      if (signal !== 0) {
        signals.push({ pid, signal })
        throw new Error(`no ${signal} on Windows`)
      }
      process.kill(pid, 0)
    },
    exec: (file, args) => {
      if (file === 'taskkill') (options.onTaskkill ?? ((pid: number) => process.kill(pid, 'SIGKILL')))(Number(args[1]))
      return { stdout: '', stderr: '' }
    },
  })
  return { ...fake, signals }
}

describe('terminate on Windows (no graceful signal exists there)', () => {
  test('after a refused or failed stop request: taskkill /PID <pid> /T /F, and no SIGTERM', async () => {
    const pid = sleeper()
    const { platform, execCalls, signals } = windowsLike()
    expect(await terminate(pid, 200, async () => true, { platform, askToStop: async () => false })).toBe(true)
    expect(execCalls.map((call) => [call.file, call.args])).toEqual([['taskkill', ['/PID', String(pid), '/T', '/F']]])
    expect(signals).toEqual([])
    expect(isProcessAlive(pid)).toBe(false)
  })

  test('a stop request the process honours needs no kill at all', async () => {
    const pid = sleeper()
    const { platform, execCalls, signals } = windowsLike()
    const askToStop = async () => {
      process.kill(pid, 'SIGKILL') // stands in for the daemon exiting on its own after the request
      return true
    }
    expect(await terminate(pid, 2000, async () => true, { platform, askToStop })).toBe(true)
    expect([...execCalls, ...signals]).toEqual([])
  })

  test('without a stop request (an orphaned workerd) it goes straight to taskkill, with no grace period to wait out', async () => {
    const pid = sleeper()
    const { platform, execCalls } = windowsLike()
    const started = Date.now()
    expect(await terminate(pid, 5000, async () => true, { platform })).toBe(true)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(execCalls[0]?.file).toBe('taskkill')
  })

  test('POSIX keeps SIGTERM first', async () => {
    const pid = sleeper()
    const linux = { ...hostPlatform(), exec: async () => ({ stdout: '', stderr: '' }) } satisfies Platform
    const seen: (NodeJS.Signals | 0)[] = []
    const platform: Platform = {
      ...linux,
      kill: (target, signal) => {
        seen.push(signal)
        return process.kill(target, signal)
      },
    }
    expect(await terminate(pid, 2000, async () => true, { platform })).toBe(true)
    expect(seen.filter((signal) => signal !== 0)).toEqual(['SIGTERM'])
  })
})

describe('stop through the control channel only (the graceful path Windows needs)', () => {
  test('a real daemon stops, takes workerd with it and removes daemon.json, with no signal and no taskkill', async () => {
    const home = await makeTestHome('control-stop')
    homes.push(home)
    const port = await freePort()
    expect((await runCli(['start', '--port', String(port)], home.env)).exitCode).toBe(0)
    const record = JSON.parse(await readFile(join(home.runtimeHome, 'daemon.json'), 'utf8')) as {
      pid: number
      workerdPid: number
    }
    const { platform, execCalls, signals } = windowsLike({ onTaskkill: () => undefined })
    const outcome = await stopDaemon(daemonContext({ port, env: home.env, platform: { ...platform, env: home.env } }))
    expect(outcome).toEqual({ kind: 'stopped', pid: record.pid })
    expect(isProcessAlive(record.pid)).toBe(false)
    expect(isProcessAlive(record.workerdPid)).toBe(false)
    await expect(readFile(join(home.runtimeHome, 'daemon.json'))).rejects.toThrow()
    expect(signals).toEqual([])
    expect(execCalls.filter((call) => call.file === 'taskkill')).toEqual([])
    expect(await readFile(join(home.runtimeHome, 'logs', 'gateway.log'), 'utf8')).toContain('[control] stop requested')
  })
})

describe('the background daemon on Windows', () => {
  test('is spawned hidden and detached, with no shell (workerd gets windowsHide in workerd-spawn.ts)', async () => {
    const home = await makeTestHome('win-spawn')
    await mkdir(home.runtimeHome, { recursive: true })
    const { platform, spawnCalls } = fakePlatform({ env: home.env })
    const context = daemonContext({
      port: await freePort(),
      env: home.env,
      platform: { ...platform, kill: () => undefined },
    })
    // The fake child exits at once, so the start fails; what matters is how it was spawned.
    await expect(startBackground(context)).rejects.toThrow('exited during start-up')
    expect(spawnCalls).toHaveLength(1)
    expect(spawnCalls[0]?.file).toBe(platform.execPath)
    expect(spawnCalls[0]?.options).toMatchObject({ detached: true, windowsHide: true })
    expect(spawnCalls[0]?.options.shell).toBeUndefined()
    expect(daemonSpawnOptions(3, {})).toMatchObject({ stdio: ['ignore', 3, 3] })
  })

  test('Windows on ARM is refused before anything is spawned, with the x64 Node way out', async () => {
    const home = await makeTestHome('win-arm')
    const { platform, spawnCalls } = fakePlatform({ env: home.env, arch: 'arm64' })
    await expect(startBackground(daemonContext({ port: await freePort(), env: home.env, platform }))).rejects.toThrow(
      /Windows on ARM[\s\S]*x64 build of Node\.js/,
    )
    expect(spawnCalls).toEqual([])
  })
})

describe('a port Windows reserved', () => {
  test('EACCES on Windows points at the excluded port ranges, not at "another program"', () => {
    expect(portRefusal('forbidden', 8765, '127.0.0.1', 'win32').message).toMatch(
      /reserves[\s\S]*netsh int ipv4 show excludedportrange protocol=tcp/,
    )
    expect(portRefusal('in_use', 8765, '127.0.0.1', 'win32').message).toContain('already in use by another program')
  })
})

describe('doctor’s proxy section on Windows', () => {
  test('reads the system proxy from the registry and gives PowerShell hints', async () => {
    const { proxyCheck } = await import('../../cli/doctor/proxy-check')
    const reg =
      '    ProxyEnable    REG_DWORD    0x1\r\n    ProxyServer    REG_SZ    127.0.0.1:7890\r\n    ProxyOverride    REG_SZ    <local>\r\n'
    const env = { HTTPS_PROXY: 'http://127.0.0.1:7890', PSModulePath: 'x' }
    const { platform, execCalls } = fakePlatform({ env, exec: () => ({ stdout: reg, stderr: '' }) })
    const section = await proxyCheck(daemonContext({ port: 8765, env, platform }), undefined)
    expect(execCalls[0]).toMatchObject({
      file: 'reg',
      args: ['query', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'],
    })
    const text = JSON.stringify(section.lines)
    expect(text).toContain('$env:NO_PROXY=\\"127.0.0.1,localhost,::1\\"')
    expect(text).toContain('Windows system proxy on: http://127.0.0.1:7890')
    expect(text).toContain('bypass list lacks 127.0.0.1 or localhost')
    expect(text).toContain('setx NO_PROXY')
    expect(text).not.toContain('export ')
    expect(section.lines.filter((line) => line.message.includes('HTTPS_PROXY')).length).toBeLessThanOrEqual(1)
  })
})

describe('the background daemon’s environment', () => {
  test('the daemon runs with one malloc arena unless the user chose a number', () => {
    expect(daemonSpawnOptions(3, { PATH: '/bin' }).env).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '1' })
    expect(daemonSpawnOptions(3, { MALLOC_ARENA_MAX: '4' }).env).toEqual({ MALLOC_ARENA_MAX: '4' })
  })
})
