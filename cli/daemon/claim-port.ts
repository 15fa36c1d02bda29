import { UserError } from '../user-error'
import type { DaemonContext } from './daemon-context'
import {
  isDaemonProcess,
  isRecordedWorkerd,
  readDaemonRecord,
  removeDaemonRecord,
  type DaemonRecord,
} from './daemon-record'
import { checkPort } from './port-check'
import { portRefusal } from './port-refusal'
import { terminate } from './process-info'

export type PortClaim = { kind: 'free' } | { kind: 'ours'; record: DaemonRecord }

/**
 * Decides whether a new gateway may bind: our live daemon is reported (start is idempotent), the leftovers of a
 * killed one (stale record, orphaned workerd still holding the port) are cleaned up, and a port held by anything
 * else is a clear error, never a false "started".
 */
export async function claimPort(context: DaemonContext): Promise<PortClaim> {
  const { platform } = context
  const record = await readDaemonRecord(context.files.pidFile)
  if (record !== undefined) {
    if (await isDaemonProcess(record, platform)) {
      if (record.port === context.port) return { kind: 'ours', record }
      throw new UserError(
        `The gateway is already running on port ${record.port} (pid ${record.pid}).`,
        `Run \`codex-shim stop\` first, or \`codex-shim restart --port ${context.port}\`.`,
      )
    }
    if (await isRecordedWorkerd(record, platform)) {
      await terminate(record.workerdPid ?? 0, 2000, () => isRecordedWorkerd(record, platform), { platform })
    }
    await removeDaemonRecord(context.files.pidFile, record.instance)
  }
  const state = await checkPort(context.port, context.host)
  if (state !== 'free') throw portRefusal(state, context.port, context.host, platform.os)
  return { kind: 'free' }
}
