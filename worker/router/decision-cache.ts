import type { Scores } from '../../shared/router/parse-scores'
import type { DecisionReason } from '../../shared/router/select-candidate'

/** The model a task is served by, kept for every request of the task. */
export interface Decision {
  slug: string
  reason: DecisionReason
  scores?: Scores
}

/** A task lasts minutes; the KV copy outlives a daemon restart by a comfortable margin (KV's minimum is 60 s). */
const KV_TTL_SECONDS = 6 * 60 * 60
const MEMORY_ENTRIES = 2000

/**
 * In front of KV, per isolate: most follow-up requests of a task (tool round trips) land in the same isolate, so
 * they pay no KV read. Bounded, oldest first out. Decisions are small, immutable values.
 */
const inMemory = new Map<string, Decision>()

/** SHA-256 of (router settings version, task identity): no task text or thread id is stored in clear. */
export async function decisionKey(routerVersion: string, task: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${routerVersion}\n${task}`))
  return `router:v1:${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`
}

/** The decision this isolate remembers for the task, without a KV read. */
export function peekDecision(key: string): Decision | undefined {
  return inMemory.get(key)
}

export async function recallDecision(key: string, kv: KVNamespace | undefined): Promise<Decision | undefined> {
  const remembered = peekDecision(key)
  if (remembered !== undefined) return remembered
  if (kv === undefined) return undefined
  const stored = await kv.get<Decision>(key, 'json').catch(() => null)
  if (stored === null || typeof stored.slug !== 'string') return undefined
  remember(key, stored)
  return stored
}

/** Keeps the decision for the task; with `persist`, in KV too, so it survives a restart (the `cache` setting). */
export async function keepDecision(
  key: string,
  decision: Decision,
  kv: KVNamespace | undefined,
  persist: boolean,
): Promise<void> {
  remember(key, decision)
  if (!persist || kv === undefined) return
  // A failed cache write costs one more classification later, never the request.
  await kv.put(key, JSON.stringify(decision), { expirationTtl: KV_TTL_SECONDS }).catch(() => undefined)
}

function remember(key: string, decision: Decision): void {
  if (inMemory.size >= MEMORY_ENTRIES) inMemory.delete(inMemory.keys().next().value ?? '')
  inMemory.set(key, decision)
}
