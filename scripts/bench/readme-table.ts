import type { BenchResults, BurstId, BurstRow, PacedRow, TargetId, TtfbRow, TtfbRowId } from './bench-results'

/** README.md's performance table sits between these two lines; `npm run bench:readme` replaces what is between. */
export const README_TABLE_START = '<!-- bench:table (written by `npm run bench:readme` from bench/results.json) -->'
export const README_TABLE_END = '<!-- /bench:table -->'

/** A results.json that lacks what the table needs: written by an older bench, or by a run that stopped early. */
export class IncompleteResults extends Error {}

/** The README's table of one bench run: the floor beside ours, and each target with whether this run met it. */
export function readmeTable(results: BenchResults): string {
  const row = (id: TtfbRowId) => find(results.ttfb, id, 'time-to-first-byte row')
  const burst = (id: BurstId) => find(results.bursts, id, 'burst')
  const judged = (id: TargetId) => {
    const target = find(results.targets, id, 'target')
    if (typeof target.limit !== 'string')
      throw new IncompleteResults(`target "${id}" in bench/results.json states no limit: run \`npm run bench\` again.`)
    return `${target.limit}: ${target.met ? 'met' : 'not met'}`
  }
  const captured = row('captured')
  const large = row('large')
  const zstd = results.ttfb.find((entry) => entry.id === 'large-zstd') // skipped where the zstd tool is missing
  const anthropic = row('anthropic-route')
  const messages = row('messages-door')
  const translatedChat = rates(burst('translated-chat'))
  const translatedAnthropic = rates(burst('translated-anthropic'))
  const sameFormatChat = rates(burst('same-format-chat'))
  const sameFormatMessages = rates(burst('same-format-messages'))
  const paced200 = results.paced.find((entry) => entry.concurrency === 200)
  if (paced200 === undefined) throw new IncompleteResults('bench/results.json has no run of 200 paced streams')
  const phases = (side: 'direct' | 'floor' | 'ours') =>
    `${captured.phasesP50[side].toUpstream} / ${captured.phasesP50[side].afterAnswer}`
  const { machine } = results
  return [
    `Run of ${machine.date.slice(0, 10)}: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; client, upstream, floor and gateway share the cores.`,
    '',
    '| measure | floor | ours | target |',
    '|---|---|---|---|',
    `| added time to first byte, captured request, p50 / p99 | ${captured.floorAdded.p50} / ${captured.floorAdded.p99} ms | ${captured.added.p50} / ${captured.added.p99} ms | p50 ${judged('captured-p50')}; p99 ${judged('captured-p99')} |`,
    `| the same, split: until the upstream has the request / after its first bytes, p50 (direct ${phases('direct')}) | ${phases('floor')} ms | ${phases('ours')} ms | |`,
    `| added time to first byte, 400 KB request, p50${zstd === undefined ? '' : ` (zstd-compressed: floor ${zstd.floorAdded.p50}, ours ${zstd.added.p50} ms)`} | ${large.floorAdded.p50} ms | ${large.added.p50} ms | ${judged('large-p50')} |`,
    `| added time to first byte, Anthropic route / \`/v1/messages\` (chat model), p50 | ${anthropic.floorAdded.p50} / ${messages.floorAdded.p50} ms | ${anthropic.added.p50} / ${messages.added.p50} ms | |`,
    `| CPU per captured request: workerd (and the daemon) | ${cpu(captured, 'floorWorkerd')} ms | ${cpu(captured, 'oursWorkerd')} ms (${cpu(captured, 'oursDaemon')} ms) | |`,
    `| a decided \`codex-auto\` task against the chosen slug itself, added p50 | | ${results.routerCached.added.p50} ms | ${judged('router-cached')} |`,
    `| 2,000-chunk burst, translated (chat / Anthropic upstream), events/s | ${thousands(translatedChat.floor)} / ${thousands(translatedAnthropic.floor)} | ${thousands(translatedChat.ours)} / ${thousands(translatedAnthropic.ours)} (${times(translatedChat)} / ${times(translatedAnthropic)} the floor) | ${judged('translated-burst')} |`,
    `| 2,000-chunk burst, same format (chat / Messages), events/s | ${thousands(sameFormatChat.floor)} / ${thousands(sameFormatMessages.floor)} (the upstream body returned as is) | ${thousands(sameFormatChat.ours)} / ${thousands(sameFormatMessages.ours)} | ${judged('same-format-burst')} |`,
    `| 200 concurrent paced streams: errors, added p99 gap; workerd CPU per delta | ${pacedCells(paced200, 'floor')} | ${pacedCells(paced200, 'ours')} | ${judged('paced-200-errors')}; ${judged('paced-200-gap')} |`,
    `| cold start of \`codex-shim start\` to a healthy \`/health\` (median of ${results.coldStartMs.runs.length}) | | ${seconds(results.coldStartMs.median)} | ${judged('cold-start')} |`,
    `| the first captured request after a start, time to first byte (median of ${results.firstRequestTtfbMs.runs.length}) | | ${results.firstRequestTtfbMs.median} ms | |`,
    `| RSS of daemon + workerd: idle (12 s after start); after 1,000 and 10,000 requests | | ${results.idleRssMiB} MiB; ${results.rssAfterRequestsMiB.after1k} → ${results.rssAfterRequestsMiB.after10k} MiB | ${judged('idle-rss')}; ${judged('rss-growth')} |`,
  ].join('\n')
}

/**
 * `readme` with the text between the table's two marker lines replaced by `table`; nothing outside them changes.
 * Throws when the markers are missing, repeated or out of order, rather than guess where the table goes.
 */
export function withReadmeTable(readme: string, table: string): string {
  const start = readme.indexOf(README_TABLE_START)
  const end = readme.indexOf(README_TABLE_END)
  const isSingle =
    start !== -1 &&
    readme.indexOf(README_TABLE_START, start + 1) === -1 &&
    end !== -1 &&
    readme.indexOf(README_TABLE_END, end + 1) === -1
  if (!isSingle || end < start)
    throw new Error(
      `README.md must hold the line ${README_TABLE_START} once, and after it ${README_TABLE_END} once: the table goes between them.`,
    )
  return `${readme.slice(0, start + README_TABLE_START.length)}\n${table}\n${readme.slice(end)}`
}

function find<Row extends { id: string }>(rows: readonly Row[], id: Row['id'], what: string): Row {
  const found = rows.find((row) => row.id === id)
  if (found === undefined)
    throw new IncompleteResults(
      `bench/results.json has no ${what} "${id}" (written by an older bench, or a run that stopped early): run \`npm run bench\` first.`,
    )
  return found
}

/** A burst's rates; its paths are named direct, floor (with the floor's variant), ours, in that order. */
function rates(row: BurstRow): { floor: number; ours: number } {
  const [, floor, ours] = Object.values(row.paths)
  if (floor === undefined || ours === undefined) throw new IncompleteResults(`burst "${row.id}" lacks a rate`)
  return { floor, ours }
}

function cpu(row: TtfbRow, counted: string): string {
  return String(row.cpuMsPerRequest[counted] ?? '?')
}

function pacedCells(row: PacedRow, side: 'floor' | 'ours'): string {
  const errors = side === 'floor' ? row.floorErrors : row.errors
  const gap = side === 'floor' ? row.floorAddedGap.p99 : row.addedGap.p99
  const perDelta = row.workerdCpuUsPerDelta?.[side]
  return `${errors}, ${gap} ms; ${perDelta ?? '?'} µs`
}

const thousands = (perSecond: number) => `${(perSecond / 1000).toFixed(1)}k`
const times = ({ floor, ours }: { floor: number; ours: number }) => `${(ours / floor).toFixed(2)}×`
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
