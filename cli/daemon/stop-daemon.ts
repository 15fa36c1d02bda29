import { UserError } from '../user-error'
import type { DaemonContext } from './daemon-context'
import { isDaemonProcess, isRecordedWorkerd, readDaemonRecord, removeDaemonRecord } from './daemon-record'
import { terminate } from './process-info'

export type StopOutcome = { kind: 'stopped'; pid: number } | { kind: 'not_running' } | { kind: 'cleaned_up' }

const GRACE_MS = 5000

/** Stops the recorded daemon and its workerd; a record whose processes are gone (or not ours) is just removed. */
export async function stopDaemon(context: DaemonContext): Promise<StopOutcome> {
  const record = await readDaemonRecord(context.files.pidFile)
  if (record === undefined) return { kind: 'not_running' }
  const isRunning = await isDaemonProcess(record)
  if (isRunning && !(await terminate(record.pid, GRACE_MS, () => isDaemonProcess(record)))) {
    throw new UserError(`The gateway (pid ${record.pid}) did not exit.`, `Stop it by hand: kill -9 ${record.pid}`)
  }
  // The daemon disposes workerd on SIGTERM; if it was SIGKILLed earlier, its workerd is an orphan to stop here.
  if (await isRecordedWorkerd(record)) await terminate(record.workerdPid ?? 0, 2000, () => isRecordedWorkerd(record))
  await removeDaemonRecord(context.files.pidFile)
  return isRunning ? { kind: 'stopped', pid: record.pid } : { kind: 'cleaned_up' }
}
