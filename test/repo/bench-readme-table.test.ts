import { describe, expect, test } from 'vitest'
import type { BenchResults, Percentiles, TargetId, TtfbRow, TtfbRowId } from '../../scripts/bench/bench-results'
import {
  IncompleteResults,
  README_TABLE_END,
  README_TABLE_START,
  readmeTable,
  withReadmeTable,
} from '../../scripts/bench/readme-table'

const p = (p50: number, p99: number): Percentiles => ({ p50, p90: (p50 + p99) / 2, p99 })

function ttfbRow(id: TtfbRowId, floorAdded: Percentiles, added: Percentiles): TtfbRow {
  return {
    id,
    label: id,
    bytes: 40_000,
    direct: p(1, 2),
    floor: p(2, 4),
    gateway: p(3, 6),
    floorAdded,
    added,
    oursOverFloor: p(added.p50 - floorAdded.p50, added.p99 - floorAdded.p99),
    cpuMsPerRequest: { floorWorkerd: 1.67, oursWorkerd: 3.07, oursDaemon: 0.27 },
    phasesP50: {
      direct: { toUpstream: 0.53, afterAnswer: 0.18 },
      floor: { toUpstream: 1.29, afterAnswer: 0.43 },
      ours: { toUpstream: 2.12, afterAnswer: 0.57 },
    },
  }
}

const LIMITS: Record<TargetId, string> = {
  'captured-p50': 'floor + 0.3 ms',
  'captured-p99': '3 ms',
  'large-p50': 'floor + 1.5 ms',
  'router-cached': '0.3 ms',
  'translated-burst': '0.95 × the floor',
  'same-format-burst': '5 × 12k',
  'idle-rss': '170 MiB',
  'rss-growth': 'within 10 %',
  'paced-200-errors': '0 errors',
  'paced-200-gap': '30 ms',
  'cold-start': '1.5 s',
}

const TARGET_IDS = Object.keys(LIMITS) as TargetId[]

function results(met: Partial<Record<TargetId, boolean>> = {}): BenchResults {
  return {
    machine: { cores: 2, cpu: 'AMD EPYC', node: 'v20.20.2', date: '2026-12-03T13:24:56.002Z' },
    coldStartMs: { runs: [700, 674, 690, 660, 680], median: 674 },
    firstRequestTtfbMs: { runs: [13, 13.02, 14, 15], median: 13.02 },
    warmupRequests: 50,
    idleRssMiB: 157,
    rssJustStartedMiB: 161,
    rssAfterRequestsMiB: { after1k: 364, after10k: 378 },
    ttfb: [
      ttfbRow('captured', p(1.07, 3.64), p(2.08, 4.04)),
      ttfbRow('large', p(3.37, 5.18), p(5.55, 8.19)),
      ttfbRow('large-zstd', p(3.29, 3.5), p(6.58, 8.11)),
      ttfbRow('anthropic-route', p(0.89, 2.44), p(1.52, 4.77)),
      ttfbRow('messages-door', p(0.53, 1.71), p(0.99, 3.24)),
    ],
    routerCached: { slug: p(2.26, 6.2), auto: p(2.16, 5.75), added: p(-0.1, -0.45) },
    bursts: [
      { id: 'translated-chat', name: 't', paths: { direct: 240_652, 'floor (JS pump)': 18_587, ours: 23_047 } },
      { id: 'translated-anthropic', name: 't', paths: { direct: 246_351, 'floor (JS pump)': 19_371, ours: 24_913 } },
      { id: 'same-format-chat', name: 's', paths: { direct: 239_506, 'floor (raw body)': 72_336, ours: 32_566 } },
      { id: 'same-format-messages', name: 's', paths: { direct: 185_107, 'floor (raw body)': 60_607, ours: 23_680 } },
      { id: 'translated-messages-door', name: 't', paths: { direct: 1, 'floor (JS pump)': 1, ours: 1 } },
    ],
    paced: [
      {
        concurrency: 200,
        errors: 0,
        directGap: { p50: 20.4, p99: 26.59 },
        floorErrors: 0,
        floorAddedGap: { p50: -1.52, p99: 65.07 },
        gatewayGap: { p50: 20.26, p99: 74.35 },
        addedGap: { p50: -0.14, p99: 47.76 },
        workerdCpuUsPerDelta: { floor: 106, ours: 94 },
      },
    ],
    targets: TARGET_IDS.map((id) => ({ id, target: id, limit: LIMITS[id], value: 0, met: met[id] ?? false })),
  }
}

/** The table row whose first cell starts with `measure`, as its cells. */
function cellsOf(table: string, measure: string): string[] {
  const line = table.split('\n').find((row) => row.startsWith(`| ${measure}`))
  if (line === undefined) throw new Error(`no row for ${measure}`)
  return line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim())
}

describe('the README performance table from bench/results.json', () => {
  test('puts the floor beside ours and says per target whether this run met it', () => {
    const table = readmeTable(results({ 'captured-p99': true, 'router-cached': true }))
    expect(table).toContain('Run of 2026-12-03: 2 cores (AMD EPYC), Node v20.20.2')
    expect(cellsOf(table, 'added time to first byte, captured request')).toEqual([
      'added time to first byte, captured request, p50 / p99',
      '1.07 / 3.64 ms',
      '2.08 / 4.04 ms',
      'p50 floor + 0.3 ms: not met; p99 3 ms: met',
    ])
    expect(cellsOf(table, 'added time to first byte, 400 KB').slice(1)).toEqual([
      '3.37 ms',
      '5.55 ms',
      'floor + 1.5 ms: not met',
    ])
    expect(cellsOf(table, 'added time to first byte, 400 KB')[0]).toContain('zstd-compressed: floor 3.29, ours 6.58 ms')
    expect(cellsOf(table, 'a decided `codex-auto` task').slice(2)).toEqual(['-0.1 ms', '0.3 ms: met'])
    expect(cellsOf(table, '2,000-chunk burst, translated').slice(1)).toEqual([
      '18.6k / 19.4k',
      '23.0k / 24.9k (1.24× / 1.29× the floor)',
      '0.95 × the floor: not met',
    ])
    expect(cellsOf(table, '200 concurrent paced streams').slice(1)).toEqual([
      '0, 65.07 ms; 106 µs',
      '0, 47.76 ms; 94 µs',
      '0 errors: not met; 30 ms: not met',
    ])
    expect(cellsOf(table, 'cold start').slice(2)).toEqual(['0.67 s', '1.5 s: not met'])
    expect(cellsOf(table, 'RSS of daemon + workerd').slice(2)).toEqual([
      '157 MiB; 364 → 378 MiB',
      '170 MiB: not met; within 10 %: not met',
    ])
  })

  test('a run without the zstd tool has no compressed figure, and nothing else is missing', () => {
    const withoutZstd = results()
    withoutZstd.ttfb = withoutZstd.ttfb.filter((row) => row.id !== 'large-zstd')
    const table = readmeTable(withoutZstd)
    expect(table).not.toContain('zstd')
    expect(cellsOf(table, 'added time to first byte, 400 KB')[1]).toBe('3.37 ms')
  })

  test('results from an older bench, without the rows the table needs, are refused by name', () => {
    const older = results()
    older.ttfb = older.ttfb.filter((row) => row.id !== 'captured')
    expect(() => readmeTable(older)).toThrow(IncompleteResults)
    expect(() => readmeTable(older)).toThrow(/no time-to-first-byte row "captured".*npm run bench/)
    const noTargets = { ...results(), targets: [] }
    expect(() => readmeTable(noTargets)).toThrow(/no target "captured-p50"/)
    const withoutLimits = results()
    withoutLimits.targets = withoutLimits.targets.map(({ limit: _, ...target }) => target as never)
    expect(() => readmeTable(withoutLimits)).toThrow(/target "captured-p50" .* states no limit/)
  })
})

describe('placing the table in README.md', () => {
  const before = '# Title\n\n## Performance\n\nHow it is measured.\n\n'
  const after = '\n\nWhat the misses are made of.\n\n## Development\n'
  const readme = `${before}${README_TABLE_START}\n| old | table |\n${README_TABLE_END}${after}`

  test('replaces only what is between the markers, and again gives the same file', () => {
    const updated = withReadmeTable(readme, '| new | table |')
    expect(updated).toBe(`${before}${README_TABLE_START}\n| new | table |\n${README_TABLE_END}${after}`)
    expect(withReadmeTable(updated, '| new | table |')).toBe(updated)
  })

  test.each([
    ['no markers', `${before}${after}`],
    ['only the start', `${before}${README_TABLE_START}\n${after}`],
    ['the end before the start', `${before}${README_TABLE_END}\n${README_TABLE_START}${after}`],
    ['two tables', `${readme}${README_TABLE_START}\n${README_TABLE_END}\n`],
  ])('refuses a README with %s instead of guessing', (_, broken) => {
    expect(() => withReadmeTable(broken, '| new |')).toThrow(/must hold the line .* once/)
  })
})
