/**
 * Electron's fuse wire: this sentinel, then the wire's version (1), the number of fuses, and one ASCII byte per
 * fuse ('1' on, '0' off, 'r' removed). EnableEmbeddedAsarIntegrityValidation is the fifth fuse (@electron/fuses
 * FuseV1Options; reference/opencode-and-desktop.md §2.2). A universal binary carries one wire per slice.
 */
export const FUSE_SENTINEL = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'ascii')
const ASAR_INTEGRITY_FUSE_INDEX = 4

export type FuseState = 'on' | 'off' | 'removed' | 'absent' | 'unknown'

export interface FuseReading {
  state: FuseState
  /** How many fuse wires were found (one per architecture slice). */
  wires: number
  detail?: string
}

export function readAsarIntegrityFuse(binary: Buffer): FuseReading {
  const states: FuseState[] = []
  for (
    let at = binary.indexOf(FUSE_SENTINEL);
    at !== -1;
    at = binary.indexOf(FUSE_SENTINEL, at + FUSE_SENTINEL.length)
  ) {
    states.push(fuseAt(binary, at + FUSE_SENTINEL.length))
  }
  if (states.length === 0) return { state: 'absent', wires: 0 }
  const [first] = states
  if (first === undefined || states.some((state) => state !== first))
    return { state: 'unknown', wires: states.length, detail: `the slices disagree (${states.join(', ')})` }
  return { state: first, wires: states.length }
}

function fuseAt(binary: Buffer, wire: number): FuseState {
  if (wire + 2 > binary.length) return 'unknown'
  const version = binary[wire]
  const count = binary[wire + 1] ?? 0
  if (version !== 1) return 'unknown'
  // A wire from before Electron 16 has no such fuse, so the check cannot be on.
  if (count <= ASAR_INTEGRITY_FUSE_INDEX) return 'absent'
  const value = binary[wire + 2 + ASAR_INTEGRITY_FUSE_INDEX]
  if (value === 0x31) return 'on'
  if (value === 0x30) return 'off'
  if (value === 0x72) return 'removed'
  return 'unknown'
}

/** The fuse over every framework: Electron keeps one wire, in its own framework. */
export function combineFuseReadings(readings: readonly FuseReading[]): FuseReading {
  const present = readings.filter((reading) => reading.state !== 'absent')
  if (present.length === 0) return { state: 'absent', wires: 0 }
  const [first] = present
  if (present.length === 1 && first) return first
  return {
    state: 'unknown',
    wires: present.reduce((sum, reading) => sum + reading.wires, 0),
    detail: 'fuse wires in several frameworks',
  }
}
