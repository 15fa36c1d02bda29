import { expandOwnCompactions } from '../../canonical/compaction'
import { unpackReasoning } from '../../canonical/reasoning-envelope'
import { isRecord } from '../../http/bad-request'
import type { Revision } from '../upstream-call'

/**
 * Codex's input as a Responses upstream may take it: our compaction items become the summary message they stand
 * for, and our reasoning envelopes are dropped (a Responses upstream never writes one, so each came from another
 * upstream: ARCHITECTURE.md "Reasoning envelope"). Everything else, the upstream's own `encrypted_content`
 * included, goes on untouched. A reasoning item without an id (a thinking block from an Anthropic client) is
 * dropped too: the Responses API takes reasoning back only with the id it gave it.
 */
export function inputForUpstream(input: unknown, dropped: string[]): unknown {
  if (!Array.isArray(input)) return input
  let foreign = 0
  let withoutId = 0
  const kept: unknown[] = []
  for (const item of expandOwnCompactions(input) as unknown[]) {
    if (isRecord(item) && item.type === 'reasoning') {
      if (unpackReasoning(item.encrypted_content) !== undefined) {
        foreign++
        continue
      }
      if (typeof item.id !== 'string' || item.id === '') {
        withoutId++
        continue
      }
    }
    kept.push(item)
  }
  if (foreign > 0) dropped.push(`input: ${foreign} reasoning item(s) from another upstream, not sent`)
  if (withoutId > 0)
    dropped.push(`input: ${withoutId} reasoning item(s) without an id, which the Responses API cannot take back`)
  return kept
}

/** How servers word a reasoning or compaction blob they cannot read: OpenAI's `invalid_encrypted_content`, "could not be verified". */
const UNREADABLE_BLOB = /encrypted[_ ]content|could not be (?:decrypted|verified)/i

/**
 * The one thing that tells a Responses upstream's own `encrypted_content` from another's is its refusal: a thread
 * that moved from one Responses upstream to another carries blobs only the first can read. Tried once, the
 * request goes on without any opaque reasoning or compaction item, so the turn still works.
 */
export function withoutUnreadableBlobs(
  payload: Record<string, unknown>,
  status: number,
  bodyText: string,
): Revision | undefined {
  if (status !== 400 || !UNREADABLE_BLOB.test(bodyText) || !Array.isArray(payload.input)) return undefined
  const input = payload.input.filter(
    (item) =>
      !(
        isRecord(item) &&
        (item.type === 'reasoning' || item.type === 'compaction') &&
        typeof item.encrypted_content === 'string'
      ),
  )
  const removed = payload.input.length - input.length
  if (removed === 0) return undefined
  return {
    body: JSON.stringify({ ...payload, input }),
    note: `input: ${removed} reasoning or compaction item(s) the upstream could not read (written by another upstream), sent without them`,
  }
}
