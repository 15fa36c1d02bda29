import type { FinishedRequest } from '../http/request-summary'
import { activityEntryOf, type ActivityEntry } from './activity-entry'

/** How many recent requests the live panel keeps. */
export const RECENT_LIMIT = 100

export interface ModelTotals {
  requests: number
  failures: number
  inputTokens: number
  outputTokens: number
  cachedTokens: number
  /** The last request for this slug: what the picker's status dot shows. */
  last: { at: string; isFailed: boolean; status: number; errorCode?: string }
}

export interface ActivitySnapshot {
  /** When this isolate began counting (the gateway's start, locally: one isolate serves the daemon's port). */
  since: string
  /** The seq of the newest entry, 0 before any. */
  latestSeq: number
  recent: ActivityEntry[]
  totals: Record<string, ModelTotals>
}

interface ActivityState {
  /** Set by the first request: workerd freezes the clock at 1970 while a module's top level runs. */
  since?: string
  seq: number
  recent: ActivityEntry[]
  totals: Map<string, ModelTotals>
}

/**
 * The live panel's memory: a deliberate per-isolate buffer (STYLE.md allows no other module state). Locally one
 * workerd isolate serves every request on the daemon's port, so this is "since the gateway started"; a restarted
 * workerd starts again from zero. Deployed, each isolate counts only what it served, which the page says. It holds
 * request summaries only (slugs, statuses, timings, token counts): nothing a prompt or a key could be read from,
 * and at most RECENT_LIMIT entries plus one totals row per slug, so it cannot grow without bound.
 */
const state: ActivityState = { seq: 0, recent: [], totals: new Map() }

/** The request log's hook: keeps model requests, ignores the rest. */
export function recordActivity(request: FinishedRequest): void {
  state.since ??= new Date(request.startedAt).toISOString()
  const entry = activityEntryOf(request, state.seq + 1)
  if (entry === undefined) return
  state.seq = entry.seq
  state.recent.push(entry)
  if (state.recent.length > RECENT_LIMIT) state.recent.splice(0, state.recent.length - RECENT_LIMIT)
  if (entry.slug !== undefined) addToTotals(state.totals, entry.slug, entry)
}

function addToTotals(totals: Map<string, ModelTotals>, slug: string, entry: ActivityEntry): void {
  const row = totals.get(slug) ?? {
    requests: 0,
    failures: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    last: { at: entry.at, isFailed: false, status: 0 },
  }
  row.requests += 1
  if (entry.isFailed) row.failures += 1
  row.inputTokens += entry.tokens?.input ?? 0
  row.outputTokens += entry.tokens?.output ?? 0
  row.cachedTokens += entry.tokens?.cached ?? 0
  row.last = {
    at: entry.at,
    isFailed: entry.isFailed,
    status: entry.status,
    ...(entry.errorCode === undefined ? {} : { errorCode: entry.errorCode }),
  }
  totals.set(slug, row)
}

/** The newest seq, cheap to compare: the event stream asks it every tick. */
export function latestActivitySeq(): number {
  return state.seq
}

/** Copies, so a caller serialising later never sees a later request half-added. */
export function activitySnapshot(afterSeq = 0): ActivitySnapshot {
  state.since ??= new Date().toISOString()
  return {
    since: state.since,
    latestSeq: state.seq,
    recent: state.recent.filter((entry) => entry.seq > afterSeq),
    totals: Object.fromEntries([...state.totals].map(([slug, row]) => [slug, { ...row, last: { ...row.last } }])),
  }
}

/** Tests only: each test starts from an empty panel. */
export function resetActivityForTests(): void {
  Object.assign(state, { since: undefined, seq: 0, recent: [], totals: new Map() })
}
