/**
 * What `npm run bench` writes to bench/results.json: run-bench.ts builds it, and README's performance table is
 * rendered from it (readme-table.ts), so rows and targets carry ids that stay when their wording changes.
 */

export interface Percentiles {
  p50: number
  p90: number
  p99: number
}

export type TtfbRowId = 'captured' | 'large' | 'large-zstd' | 'anthropic-route' | 'messages-door'

export interface TtfbRow {
  id: TtfbRowId
  label: string
  bytes: number
  direct: Percentiles
  floor: Percentiles
  gateway: Percentiles
  floorAdded: Percentiles
  added: Percentiles
  oursOverFloor: Percentiles
  cpuMsPerRequest: Record<string, number | null>
  phasesP50: Record<'direct' | 'floor' | 'ours', { toUpstream: number; afterAnswer: number }>
}

export type BurstId =
  | 'translated-chat'
  | 'translated-anthropic'
  | 'same-format-chat'
  | 'same-format-messages'
  | 'translated-messages-door'

export interface BurstRow {
  id: BurstId
  name: string
  /** Events per second by path, in the order direct, floor, ours. */
  paths: Record<string, number>
}

export interface PacedRow {
  concurrency: number
  errors: number
  directGap: { p50: number; p99: number }
  floorErrors: number
  floorAddedGap: { p50: number; p99: number }
  gatewayGap: { p50: number; p99: number }
  addedGap: { p50: number; p99: number }
  peakRssMiB?: number
  workerdCpuUsPerDelta?: { floor: number | null; ours: number | null }
}

export type TargetId =
  | 'captured-p50'
  | 'captured-p99'
  | 'large-p50'
  | 'router-cached'
  | 'translated-burst'
  | 'same-format-burst'
  | 'idle-rss'
  | 'rss-growth'
  | 'paced-200-errors'
  | 'paced-200-gap'
  | 'cold-start'

export interface Target {
  id: TargetId
  target: string
  /** The bound alone, as the README's table states it: `floor + 0.3 ms`, `170 MiB`. */
  limit: string
  value: string | number | undefined
  met: boolean
}

export interface BenchResults {
  machine: { cores: number; cpu: string; node: string; date: string }
  coldStartMs: { runs: number[]; median: number }
  firstRequestTtfbMs: { runs: number[]; median: number }
  warmupRequests: number
  idleRssMiB: number
  rssJustStartedMiB: number
  rssAfterRequestsMiB: { after1k: number; after10k: number }
  ttfb: TtfbRow[]
  routerCached: { slug: Percentiles; auto: Percentiles; added: Percentiles }
  bursts: BurstRow[]
  paced: PacedRow[]
  targets: Target[]
}
