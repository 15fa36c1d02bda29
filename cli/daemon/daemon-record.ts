import { readFile, rm } from 'node:fs/promises'
import { writeFileAtomic } from '../atomic-write'
import { commandLineOf, isProcessAlive } from './process-info'

/** What `daemon.json` records about a running gateway, so later commands find, check and stop it. */
export interface DaemonRecord {
  pid: number
  /** workerd is a child of the daemon; if the daemon is SIGKILLed it survives and keeps the port. */
  workerdPid?: number
  port: number
  /** Also on the daemon's command line and in /health, so a reused pid or a stranger on the port is never ours. */
  instance: string
  settingsPath: string
  startedAt: string
  /** How often the daemon had to bring workerd back, and why the last time. */
  restarts?: number
  lastRestart?: { at: string; reason: string }
}

export async function readDaemonRecord(path: string): Promise<DaemonRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as Partial<DaemonRecord>
    if (typeof record.pid !== 'number' || typeof record.port !== 'number' || typeof record.instance !== 'string') return undefined
    return record as DaemonRecord
  } catch {
    // Missing or unreadable: there is no daemon we know of.
    return undefined
  }
}

export async function writeDaemonRecord(path: string, record: DaemonRecord): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`)
}

/** Removes the record only if it still describes `instance`, so a newer daemon's record survives. */
export async function removeDaemonRecord(path: string, instance?: string): Promise<void> {
  if (instance !== undefined) {
    const current = await readDaemonRecord(path)
    if (current !== undefined && current.instance !== instance) return
  }
  await rm(path, { force: true })
}

/** The recorded daemon is alive and really ours (its command line carries the instance id). */
export async function isDaemonProcess(record: DaemonRecord): Promise<boolean> {
  if (!isProcessAlive(record.pid)) return false
  const commandLine = await commandLineOf(record.pid)
  return commandLine?.includes(record.instance) ?? false
}

/**
 * The recorded workerd is alive and really the one serving our port (pids get reused, and other workerds run on
 * developer machines): Miniflare starts it with `--socket-addr=entry=<host>:<port>`.
 */
export async function isRecordedWorkerd(record: DaemonRecord): Promise<boolean> {
  if (record.workerdPid === undefined || !isProcessAlive(record.workerdPid)) return false
  const commandLine = await commandLineOf(record.workerdPid)
  return commandLine !== undefined && commandLine.includes('workerd') && commandLine.includes(`--socket-addr=entry=127.0.0.1:${record.port}`)
}
