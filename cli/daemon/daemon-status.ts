import type { DaemonContext } from './daemon-context'
import { isDaemonProcess, readDaemonRecord, type DaemonRecord } from './daemon-record'
import { probeHealth, type HealthReport } from './health-probe'

export type DaemonStatus =
  | { kind: 'running'; record: DaemonRecord; health: HealthReport }
  | { kind: 'unhealthy'; record: DaemonRecord; health?: HealthReport }
  | { kind: 'stopped' }

export async function daemonStatus(context: DaemonContext): Promise<DaemonStatus> {
  const record = await readDaemonRecord(context.files.pidFile)
  if (record === undefined || !(await isDaemonProcess(record, context.platform))) return { kind: 'stopped' }
  const health = await probeHealth(record.port)
  if (health?.ok === true && health.instance === record.instance) return { kind: 'running', record, health }
  return { kind: 'unhealthy', record, health }
}
