import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../atomic-write'
import { isCursorDisabled, probeCursorStatus, type CursorStatus } from './cursor-status'

/** As long as the daemon believes a probe: a login or logout shows in the next catalog within half a minute. */
const CATALOG_STATUS_MAX_AGE_MS = 30_000

interface RecordedStatus extends CursorStatus {
  checkedAt: number
}

export function cursorStatusFile(runtimeHome: string): string {
  return join(runtimeHome, 'cursor-status.json')
}

/** The daemon records every probe, so a CLI command can build the catalog without a probe of its own. */
export async function recordCursorStatus(runtimeHome: string, status: CursorStatus): Promise<void> {
  const file = cursorStatusFile(runtimeHome)
  await mkdir(dirname(file), { recursive: true })
  const recorded: RecordedStatus = { ...status, checkedAt: Date.now() }
  await writeFileAtomic(file, `${JSON.stringify(recorded)}\n`, 0o600)
}

export async function recordedCursorStatus(
  runtimeHome: string,
  maxAgeMs = CATALOG_STATUS_MAX_AGE_MS,
): Promise<CursorStatus | undefined> {
  try {
    const recorded = JSON.parse(await readFile(cursorStatusFile(runtimeHome), 'utf8')) as Partial<RecordedStatus>
    if (
      typeof recorded.checkedAt !== 'number' ||
      Date.now() - recorded.checkedAt > maxAgeMs ||
      typeof recorded.state !== 'string'
    )
      return undefined
    return {
      state: recorded.state,
      ...(recorded.binary ? { binary: recorded.binary } : {}),
      ...(recorded.account ? { account: recorded.account } : {}),
    }
  } catch {
    // Missing or unreadable: as if never probed.
    return undefined
  }
}

/** A recent recorded status, else a probe now (recorded for next time): what the catalog offers of Cursor. */
export async function currentCursorStatus(runtimeHome: string, env: NodeJS.ProcessEnv): Promise<CursorStatus> {
  const recorded = await recordedCursorStatus(runtimeHome)
  // A switch-off is read from the environment every time: the recorded status may predate it.
  if (recorded !== undefined && (recorded.state === 'disabled') === isCursorDisabled(env)) return recorded
  const status = await probeCursorStatus(env)
  await recordCursorStatus(runtimeHome, status).catch(() => undefined) // a read-only home: the next command probes again
  return status
}
