import { rm } from 'node:fs/promises'
import { treeKillCommand } from '../platform'
import { UserError } from '../user-error'
import { requestDaemonStop } from './control-channel'
import type { DaemonContext } from './daemon-context'
import { isDaemonProcess, isRecordedWorkerd, readDaemonRecord, removeDaemonRecord } from './daemon-record'
import { terminate } from './process-info'

export type StopOutcome = { kind: 'stopped'; pid: number } | { kind: 'not_running' } | { kind: 'cleaned_up' }

const GRACE_MS = 5000

/**
 * Stops the recorded daemon and its workerd; a record whose processes are gone (or not ours) is just removed. The
 * daemon is asked through its control channel first, so it disposes Miniflare (and workerd) itself on every OS;
 * only if that fails is it killed (SIGTERM then SIGKILL, or `taskkill /T /F` on Windows, which takes workerd too).
 */
export async function stopDaemon(context: DaemonContext): Promise<StopOutcome> {
  const { platform } = context
  const record = await readDaemonRecord(context.files.pidFile)
  if (record === undefined) return { kind: 'not_running' }
  const isRunning = await isDaemonProcess(record, platform)
  if (isRunning) {
    const isGone = await terminate(record.pid, GRACE_MS, () => isDaemonProcess(record, platform), {
      platform,
      askToStop: () => requestDaemonStop(record.control, record.instance),
    })
    if (!isGone)
      throw new UserError(
        `The gateway (pid ${record.pid}) did not exit.`,
        `Stop it by hand: ${killByHand(record.pid, platform.os)}`,
      )
  }
  // A daemon that was killed outright (SIGKILL, Task Manager) leaves its workerd behind, still holding the port.
  if (await isRecordedWorkerd(record, platform))
    await terminate(record.workerdPid ?? 0, 2000, () => isRecordedWorkerd(record, platform), { platform })
  // A dead daemon's socket file stays behind (a named pipe goes with its process); a live one removes its own.
  if (!isRunning && record.control !== undefined && platform.os !== 'win32') await rm(record.control, { force: true })
  await removeDaemonRecord(context.files.pidFile, record.instance)
  return isRunning ? { kind: 'stopped', pid: record.pid } : { kind: 'cleaned_up' }
}

function killByHand(pid: number, os: NodeJS.Platform): string {
  const command = treeKillCommand(pid, os)
  return command === undefined ? `kill -9 ${pid}` : [command.file, ...command.args].join(' ')
}
