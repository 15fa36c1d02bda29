import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, test } from 'vitest'
import { isRecordedWorkerd } from '../../cli/daemon/daemon-record'
import { isProcessAlive, terminate } from '../../cli/daemon/process-info'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** A process that ignores SIGTERM (as a hung daemon would), with extra words on its command line. */
function stubborn(...words: string[]): ChildProcess {
  const child = spawn(
    process.execPath,
    ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)", ...words],
    { stdio: 'ignore' },
  )
  children.push(child)
  return child
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150))

describe('terminate', () => {
  test('leaves a pid alone that is no longer ours', async () => {
    const child = stubborn()
    await settle()
    expect(await terminate(child.pid ?? 0, 100, async () => false)).toBe(true)
    expect(isProcessAlive(child.pid ?? 0)).toBe(true)
  })

  test('re-checks before SIGKILL: a pid that stopped being ours during the grace period is not killed', async () => {
    const child = stubborn()
    await settle()
    let checks = 0
    await terminate(child.pid ?? 0, 200, async () => ++checks === 1)
    expect(checks).toBe(2)
    expect(isProcessAlive(child.pid ?? 0)).toBe(true)
  })

  test('kills a stubborn process that stays ours', async () => {
    const child = stubborn()
    await settle()
    expect(await terminate(child.pid ?? 0, 200, async () => true)).toBe(true)
    expect(isProcessAlive(child.pid ?? 0)).toBe(false)
  })
})

/** daemon.json for a daemon on port 8765 whose workerd has `pid`. */
const recordOf = (pid: number | undefined) => ({
  pid: 1,
  port: 8765,
  instance: 'i',
  settingsPath: '',
  startedAt: '',
  workerdPid: pid,
})

describe('the recorded workerd', () => {
  test('is ours only when it is a workerd serving our port, not any command line that says "workerd"', async () => {
    const impostor = stubborn('workerd', 'serve')
    const other = stubborn('workerd', 'serve', '--socket-addr=entry=127.0.0.1:9999')
    const ours = stubborn('workerd', 'serve', '--socket-addr=entry=127.0.0.1:8765')
    await settle()
    const record = (pid: number | undefined) => recordOf(pid)
    expect(await isRecordedWorkerd(record(impostor.pid))).toBe(false)
    expect(await isRecordedWorkerd(record(other.pid))).toBe(false)
    expect(await isRecordedWorkerd(record(ours.pid))).toBe(true)
  })

  test('with a recorded mark, is ours only when that exact argument is on its command line', async () => {
    const mark = '--external-addr=loopback=127.0.0.1:33647'
    const otherRun = stubborn('workerd', 'serve', '--external-addr=loopback=127.0.0.1:41200')
    const prefixOnly = stubborn('workerd', 'serve', `${mark}0`)
    const byOldRule = stubborn('workerd', 'serve', '--socket-addr=entry=127.0.0.1:8765')
    const ours = stubborn('workerd', 'serve', '--socket-addr=entry=127.0.0.1:0', mark)
    await settle()
    const record = (pid: number | undefined) => ({ ...recordOf(pid), workerdMark: mark })
    expect(await isRecordedWorkerd(record(otherRun.pid))).toBe(false)
    expect(await isRecordedWorkerd(record(prefixOnly.pid))).toBe(false)
    expect(await isRecordedWorkerd(record(byOldRule.pid))).toBe(false)
    expect(await isRecordedWorkerd(record(ours.pid))).toBe(true)
  })
})
