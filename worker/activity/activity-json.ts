import type { ActivityEntry } from './activity-entry'
import type { ActivitySnapshot, ModelTotals } from './activity-log'

/** `GET /api/activity` and each `activity` event: snake_case, as the gateway's other JSON. */
export function activityJson(snapshot: ActivitySnapshot) {
  return {
    since: snapshot.since,
    latest_seq: snapshot.latestSeq,
    recent: snapshot.recent.map(entryJson),
    totals: Object.fromEntries(Object.entries(snapshot.totals).map(([slug, row]) => [slug, totalsJson(row)])),
  }
}

function entryJson(entry: ActivityEntry) {
  return {
    seq: entry.seq,
    at: entry.at,
    endpoint: entry.endpoint,
    slug: entry.slug,
    route: entry.route,
    status: entry.status,
    is_failed: entry.isFailed,
    error_code: entry.errorCode,
    ttfb_ms: entry.ttfbMs,
    duration_ms: entry.durationMs,
    tokens: entry.tokens,
  }
}

function totalsJson(row: ModelTotals) {
  return {
    requests: row.requests,
    failures: row.failures,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cached_tokens: row.cachedTokens,
    last: { at: row.last.at, ok: !row.last.isFailed, status: row.last.status, error_code: row.last.errorCode },
  }
}
