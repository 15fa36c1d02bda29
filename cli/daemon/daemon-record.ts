import { readFile, rm } from 'node:fs/promises'
import { writeFileAtomic } from '../atomic-write'
import { createProcessInspector, hostPlatform, type Platform } from '../platform'
import { identifyDaemon } from './control-channel'
import { probeHealth } from './health-probe'
import { isProcessAlive } from './process-info'

/** What `daemon.json` records about a running gateway, so later commands find, check and stop it. */
export interface DaemonRecord {
  pid: number
  /** workerd is a child of the daemon; if the daemon is SIGKILLed it survives and keeps the port. */
  workerdPid?: number
  /** An argument only that workerd has (Miniflare's loopback address for this run), to tell it from any other. */
  workerdMark?: string
  port: number
  /** Also on the daemon's command line and in /health, so a reused pid or a stranger on the port is never ours. */
  instance: string
  /** The daemon's control channel (a named pipe on Windows, a unix socket elsewhere): identity and graceful stop. */
  control?: string
  settingsPath: string
  startedAt: string
  /** How often the daemon had to bring workerd back, and why the last time. */
  restarts?: number
  lastRestart?: { at: string; reason: string }
}

export async function readDaemonRecord(path: string): Promise<DaemonRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as Partial<DaemonRecord>
    if (typeof record.pid !== 'number' || typeof record.port !== 'number' || typeof record.instance !== 'string')
      return undefined
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

/**
 * The recorded daemon is alive and really ours. Asked in order of cost and strength: its control channel (alive and
 * answering with the recorded instance id: the proof that works on every OS), then its command line (which carries
 * the instance id; /proc or ps, CIM on Windows). /health answering with the instance is the last resort, and only
 * for a record from before the channel: when a named channel is silent, an orphaned workerd may still answer /health
 * for a daemon whose pid now belongs to someone else, and that process must not be stopped.
 */
export async function isDaemonProcess(record: DaemonRecord, platform: Platform = hostPlatform()): Promise<boolean> {
  if (!isProcessAlive(record.pid, platform)) return false
  const identity = await identifyDaemon(record.control)
  if (identity !== undefined) return identity.instance === record.instance && identity.pid === record.pid
  const commandLine = await createProcessInspector(platform).commandLine(record.pid)
  if (commandLine !== undefined) return commandLine.includes(record.instance)
  return record.control === undefined && (await probeHealth(record.port))?.instance === record.instance
}

/**
 * The recorded workerd is alive and really ours (pids get reused, and other workerds run on developer machines):
 * its command line carries the run's mark, Miniflare's loopback address on a port the OS gave that run. Records
 * from before the mark are matched by the entry socket Miniflare then bound to our port. When Windows will not show
 * the command line (CIM unavailable), its image name must at least be workerd.exe.
 */
export async function isRecordedWorkerd(record: DaemonRecord, platform: Platform = hostPlatform()): Promise<boolean> {
  if (record.workerdPid === undefined || !isProcessAlive(record.workerdPid, platform)) return false
  const inspector = createProcessInspector(platform)
  const commandLine = await inspector.commandLine(record.workerdPid)
  if (commandLine !== undefined) {
    const words = commandLine.split(/\s+/)
    const mark = record.workerdMark ?? `--socket-addr=entry=127.0.0.1:${record.port}`
    return commandLine.includes('workerd') && words.includes(mark)
  }
  return platform.os === 'win32' && (await inspector.imageName(record.workerdPid))?.toLowerCase() === 'workerd.exe'
}
