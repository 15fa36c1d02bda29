import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { claimPort } from '../../cli/daemon/claim-port'
import { daemonContext } from '../../cli/daemon/daemon-context'
import { daemonStatus } from '../../cli/daemon/daemon-status'
import { stopDaemon } from '../../cli/daemon/stop-daemon'
import { freePort, makeTestHome, runCli, type TestHome } from '../kit/cli-runner'

/**
 * This process sees the machine as Windows does: no /proc and no ps or pgrep (reference/windows.md §2). The daemon
 * itself runs normally in its own process; only our view of it is cut down.
 */
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  const missing = (path: unknown) =>
    Promise.reject(Object.assign(new Error(`ENOENT: no such file, open '${String(path)}'`), { code: 'ENOENT' }))
  return {
    ...actual,
    readFile: ((path: unknown, ...rest: unknown[]) =>
      String(path).startsWith('/proc/')
        ? missing(path)
        : (actual.readFile as (...args: unknown[]) => unknown)(path, ...rest)) as typeof actual.readFile,
    readdir: ((path: unknown, ...rest: unknown[]) =>
      String(path).startsWith('/proc/')
        ? missing(path)
        : (actual.readdir as (...args: unknown[]) => unknown)(path, ...rest)) as typeof actual.readdir,
  }
})
vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>()
  const execFile = ((file: string, ...rest: unknown[]) => {
    if (file !== 'ps' && file !== 'pgrep') return (actual.execFile as (...args: unknown[]) => unknown)(file, ...rest)
    const callback = rest.find((arg) => typeof arg === 'function') as ((error: Error) => void) | undefined
    setImmediate(() => callback?.(Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' })))
    return undefined
  }) as typeof actual.execFile
  return { ...actual, execFile }
})

const homes: TestHome[] = []
afterEach(async () => {
  for (const home of homes.splice(0)) await runCli(['stop'], home.env)
})

async function startedDaemon(name: string) {
  const home = await makeTestHome(name)
  homes.push(home)
  const port = await freePort()
  expect((await runCli(['start', '--port', String(port)], home.env)).exitCode).toBe(0)
  const recordFile = join(home.runtimeHome, 'daemon.json')
  return {
    home,
    port,
    recordFile,
    record: JSON.parse(await readFile(recordFile, 'utf8')) as { pid: number; instance: string; control?: string },
  }
}

describe('a daemon whose command line cannot be read (Windows)', () => {
  test('is still ours: claimPort keeps daemon.json, status says running, stop stops it', async () => {
    const { home, port, recordFile, record } = await startedDaemon('no-proc')
    const context = daemonContext({ port, env: home.env })
    expect(await claimPort(context)).toMatchObject({ kind: 'ours', record: { pid: record.pid } })
    expect(JSON.parse(await readFile(recordFile, 'utf8'))).toMatchObject({ instance: record.instance })
    expect((await daemonStatus(context)).kind).toBe('running')
    expect(await stopDaemon(context)).toEqual({ kind: 'stopped', pid: record.pid })
  })

  test('without a control channel either, /health answering with the record’s instance proves it ours', async () => {
    const { home, port, recordFile, record } = await startedDaemon('no-proc-no-channel')
    const { control: _control, ...older } = record
    await writeFile(recordFile, JSON.stringify(older))
    expect(await claimPort(daemonContext({ port, env: home.env }))).toMatchObject({ kind: 'ours' })
    expect(JSON.parse(await readFile(recordFile, 'utf8'))).toEqual(older)
  })
})
