import { createHash } from 'node:crypto'
import type { AsarIntegrityEntry } from './info-plist'

/**
 * Electron 41's ASAR integrity digest (electron/electron#48587): a 66-byte slot in the framework binary, this
 * sentinel, then `used` (1 byte), `version` (1 byte, 1 = v1) and 32 bytes of SHA-256 over Info.plist's
 * ElectronAsarIntegrity, so that editing the plist alone makes the app abort. Layout and algorithm from
 * electron/asar v4.1.2 `src/integrity-digest.ts` (reverted in 4.2.0; reference/opencode-and-desktop.md §2.2, §2.4).
 */
export const DIGEST_SENTINEL = Buffer.from('AGbevlPCksUGKNL8TSn7wGmJEuJsXb2A', 'ascii')
const DIGEST_BYTES = 32

export type DigestSlots =
  | { state: 'absent' }
  | { state: 'off'; offsets: number[] }
  | { state: 'on'; offsets: number[]; digest: Buffer }
  | { state: 'unknown'; offsets: number[]; reason: string }

/** Every slot in one binary (one per architecture slice), which must agree. */
export function readDigestSlots(binary: Buffer): DigestSlots {
  const offsets: number[] = []
  for (
    let at = binary.indexOf(DIGEST_SENTINEL);
    at !== -1;
    at = binary.indexOf(DIGEST_SENTINEL, at + DIGEST_SENTINEL.length)
  )
    offsets.push(at)
  if (offsets.length === 0) return { state: 'absent' }
  const slots = offsets.map((offset) => slotAt(binary, offset))
  const unknown = slots.find((slot) => slot.kind === 'unknown')
  if (unknown?.kind === 'unknown') return { state: 'unknown', offsets, reason: unknown.reason }
  const used = slots.filter((slot) => slot.kind === 'v1')
  if (used.length === 0) return { state: 'off', offsets }
  if (used.length !== slots.length)
    return { state: 'unknown', offsets, reason: 'some slices use the digest and some do not' }
  const [first] = used
  if (first?.kind !== 'v1' || used.some((slot) => slot.kind === 'v1' && !slot.digest.equals(first.digest))) {
    return { state: 'unknown', offsets, reason: 'the slices hold different digests' }
  }
  return { state: 'on', offsets, digest: first.digest }
}

type Slot = { kind: 'off' } | { kind: 'v1'; digest: Buffer } | { kind: 'unknown'; reason: string }

function slotAt(binary: Buffer, offset: number): Slot {
  const used = offset + DIGEST_SENTINEL.length
  if (used + 2 + DIGEST_BYTES > binary.length)
    return { kind: 'unknown', reason: 'a digest slot is cut off at the end of the file' }
  const isUsed = binary[used]
  const version = binary[used + 1]
  if (isUsed === 0) return { kind: 'off' }
  if (isUsed !== 1) return { kind: 'unknown', reason: `a digest slot's "used" byte is ${String(isUsed)}, not 0 or 1` }
  if (version !== 1) return { kind: 'unknown', reason: `digest version ${String(version)} (only version 1 is known)` }
  return { kind: 'v1', digest: Buffer.from(binary.subarray(used + 2, used + 2 + DIGEST_BYTES)) }
}

/** v1: SHA-256 over the sorted keys of ElectronAsarIntegrity, each as key, algorithm, hash (no separators). */
export function computeIntegrityDigest(integrity: Readonly<Record<string, AsarIntegrityEntry>>): Buffer {
  const hash = createHash('sha256')
  for (const key of Object.keys(integrity).sort()) {
    const entry = integrity[key]
    if (!entry) continue
    hash.update(key).update(entry.algorithm).update(entry.hash)
  }
  return hash.digest()
}

/** A copy of `binary` with the digest of every slot at `offsets` replaced (each must be a used v1 slot). */
export function writeDigestSlots(binary: Buffer, offsets: readonly number[], digest: Buffer): Buffer {
  if (digest.length !== DIGEST_BYTES) throw new Error(`a v1 digest has ${DIGEST_BYTES} bytes, got ${digest.length}`)
  const copy = Buffer.from(binary)
  for (const offset of offsets) {
    const slot = slotAt(copy, offset)
    if (slot.kind !== 'v1') throw new Error(`the digest slot at byte ${offset} is not a used v1 slot`)
    digest.copy(copy, offset + DIGEST_SENTINEL.length + 2)
  }
  return copy
}
