import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { capturedRequest, largeRequest, messagesRequest } from './bodies'
import { startBenchUpstream, BURST_EVENTS, PACED_EVENTS } from './bench-upstream'
import { startFloorGateways } from './floor-gateways'
import { benchDaemon, benchModels } from './bench-daemon'
import { timedPost, type StreamTiming } from './http-client'
import { startCpuCount } from './process-cpu'
import { rssMiB, samplePeakRss } from './process-memory'
import { median, percentile, round } from './stats'
import type { BenchResults, BurstId, Percentiles, Target, TtfbRow, TtfbRowId } from './bench-results'
import { barChartSvg } from './svg-chart'

const root = fileURLToPath(new URL('../../', import.meta.url))
const cli = join(root, 'dist/cli.js')
const TTFB_REQUESTS = Number(process.env.BENCH_TTFB_REQUESTS ?? 300)
/**
 * Unmeasured requests to each target before a TTFB row is measured: a user's gateway runs all day, so a row shows
 * its steady state, not V8 compiling the code the first requests after a start run through (reported apart, as the
 * first request after a start). The floor is warmed alike, and bench:builds warms as many.
 */
const WARMUP_REQUESTS = Number(process.env.BENCH_WARMUP_REQUESTS ?? 50)
const STREAM_RUNS = 10
/** The translated burst figure before this benchmark learned about the floor (bench of 2026-11-25). */
const PREVIOUS_TRANSLATED_BURST = 12_042

const upstream = await startBenchUpstream()
// The auto router over two of the models, for the cost of a request whose task the router has already decided.
const router = {
  enabled: true,
  classifier: 'chat-quick',
  default: 'chat-quick',
  candidates: [
    { slug: 'chat-quick', cost: 1 },
    { slug: 'claude-quick', cost: 2 },
  ],
}
const ours = benchDaemon({
  cliPath: cli,
  port: 18_000 + Math.floor(Math.random() * 2000),
  settings: { models: benchModels(upstream.url, ['quick', 'burst', 'paced']), router },
  label: 'bench',
})
const gateway = ours.origin

function log(line: string): void {
  process.stderr.write(`${line}\n`)
}

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const captured = encode(await capturedRequest('chat-quick'))

// Cold start (median of 5), the first request after a start, and the idle footprint.
const IDLE_SETTLE_MS = 12_000
const coldStarts: number[] = []
const firstRequestTtfbs: number[] = []
for (let i = 0; i < 5; i++) {
  const started = performance.now()
  ours.start()
  coldStarts.push(performance.now() - started)
  if (i === 4) break // the last start's idle footprint is measured next, untouched by a request
  // The first turn after a start pays for loading the settings and compiling the code it runs through.
  const first = await timedPost(`${gateway}/v1/responses`, captured, ours.authorization())
  if (first.status !== 200) throw new Error(`first request after start: the gateway answered ${first.status}`)
  firstRequestTtfbs.push(first.ttfb)
  ours.stop()
}
const daemon = ours.record()
const daemonPids = [daemon.pid, ...(daemon.workerdPid ? [daemon.workerdPid] : [])]
const gatewayAuth = ours.authorization()
// Idle means a daemon that has been left alone, not one finishing its start: V8 hands start-up's memory back to
// the system only once allocation has been quiet for 8 s (its memory reducer). Both moments are reported.
await new Promise((resolve) => setTimeout(resolve, 2000))
const justStartedRss = await rssMiB(daemonPids)
await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS - 2000))
const idleRss = await rssMiB(daemonPids)
log(
  `cold start median ${round(median(coldStarts), 0)} ms, RSS ${round(justStartedRss, 0)} MiB 2 s after start, idle ${round(idleRss, 0)} MiB`,
)

const floors = await startFloorGateways(upstream.url)
const floorPump = floors.find((floor) => floor.mode === 'pump')?.url ?? ''
const floorPumpPid = floors.find((floor) => floor.mode === 'pump')?.pid
const floorRaw = floors.find((floor) => floor.mode === 'raw')?.url ?? ''

const percentilesOf = (sample: number[]): Percentiles => ({
  p50: round(percentile(sample, 50)),
  p90: round(percentile(sample, 90)),
  p99: round(percentile(sample, 99)),
})
const minus = (a: Percentiles, b: Percentiles): Percentiles => ({
  p50: round(a.p50 - b.p50),
  p90: round(a.p90 - b.p90),
  p99: round(a.p99 - b.p99),
})

// 1. Added time to first byte: direct, the floor worker and the gateway, interleaved (so drift hits all alike).
/**
 * Each request's time to first byte in two parts, on the benchmark's own clock (client and upstream share this
 * process): until the upstream has the request's head (receiving, reading and translating the request, and sending
 * it on), and from the upstream's first bytes to the client's (translating the answer's start and writing it).
 */
const phaseSamples = () => ({ toUpstream: [] as number[], afterAnswer: [] as number[] })
function splitPhases(timing: StreamTiming, into: ReturnType<typeof phaseSamples>): StreamTiming {
  const { receivedAt, answeredAt } = upstream.lastMoments()
  into.toUpstream.push(receivedAt - timing.startedAt)
  into.afterAnswer.push(timing.startedAt + timing.ttfb - answeredAt)
  return timing
}
const phaseMedians = (samples: ReturnType<typeof phaseSamples>) => ({
  toUpstream: round(percentile(samples.toUpstream, 50)),
  afterAnswer: round(percentile(samples.afterAnswer, 50)),
})
async function addedTtfb(
  id: TtfbRowId,
  label: string,
  gatewayBody: Uint8Array,
  directBody: Uint8Array,
  path: string,
  headers: Record<string, string> = {},
  gatewayPath = '/v1/responses',
) {
  const direct: number[] = []
  const floor: number[] = []
  const through: number[] = []
  const phases = { direct: phaseSamples(), floor: phaseSamples(), ours: phaseSamples() }
  for (let i = 0; i < WARMUP_REQUESTS; i++) {
    await timedPost(`${upstream.url}${path}`, directBody)
    await timedPost(`${floorPump}/`, directBody)
    await timedPost(`${gateway}${gatewayPath}`, gatewayBody, { ...gatewayAuth, ...headers })
  }
  const cpu = startCpuCount({ floorWorkerd: floorPumpPid, oursWorkerd: daemon.workerdPid, oursDaemon: daemon.pid })
  for (let i = 0; i < TTFB_REQUESTS; i++) {
    direct.push(splitPhases(await timedPost(`${upstream.url}${path}`, directBody), phases.direct).ttfb)
    floor.push(splitPhases(await timedPost(`${floorPump}/`, directBody), phases.floor).ttfb)
    const timing = await timedPost(`${gateway}${gatewayPath}`, gatewayBody, { ...gatewayAuth, ...headers })
    if (timing.status !== 200) throw new Error(`${label}: gateway answered ${timing.status}`)
    through.push(splitPhases(timing, phases.ours).ttfb)
  }
  const result: TtfbRow = {
    id,
    label,
    bytes: gatewayBody.byteLength,
    direct: percentilesOf(direct),
    floor: percentilesOf(floor),
    gateway: percentilesOf(through),
    floorAdded: minus(percentilesOf(floor), percentilesOf(direct)),
    added: minus(percentilesOf(through), percentilesOf(direct)),
    oursOverFloor: minus(percentilesOf(through), percentilesOf(floor)),
    cpuMsPerRequest: cpu.perOperation(TTFB_REQUESTS),
    phasesP50: {
      direct: phaseMedians(phases.direct),
      floor: phaseMedians(phases.floor),
      ours: phaseMedians(phases.ours),
    },
  }
  log(
    `TTFB ${label}: added p50 ${result.added.p50} ms (floor ${result.floorAdded.p50}), p99 ${result.added.p99} ms (floor ${result.floorAdded.p99})`,
  )
  return result
}

const large = encode(await largeRequest('chat-quick'))
const ttfb = [
  await addedTtfb('captured', 'captured Codex request', captured, captured, '/v1/chat/completions'),
  await addedTtfb('large', '400 KB, 60 tools', large, large, '/v1/chat/completions'),
]
const zstd = (() => {
  try {
    return new Uint8Array(execFileSync('zstd', ['-3', '-c', '-q'], { input: large }))
  } catch {
    return undefined
  }
})()
if (zstd)
  ttfb.push(
    await addedTtfb('large-zstd', '400 KB, zstd', zstd, large, '/v1/chat/completions', { 'content-encoding': 'zstd' }),
  )
else log('zstd tool not found: the compressed-body run is skipped')
const claudeCaptured = encode(await capturedRequest('claude-quick'))
ttfb.push(
  await addedTtfb(
    'anthropic-route',
    'captured request, Anthropic route',
    claudeCaptured,
    claudeCaptured,
    '/v1/messages',
  ),
)
const messagesBody = encode(await messagesRequest('chat-quick'))
ttfb.push(
  await addedTtfb(
    'messages-door',
    'Messages request on /v1/messages, chat model',
    messagesBody,
    messagesBody,
    '/v1/chat/completions',
    {},
    '/v1/messages',
  ),
)

// 1b. A request to codex-auto whose task is decided (a tool round trip of a known turn) against the chosen slug itself.
async function cachedRouterOverhead() {
  const task = { 'session-id': 'bench-thread', 'x-codex-turn-metadata': JSON.stringify({ turn_id: 'bench-turn' }) }
  const viaRouter = encode(await capturedRequest('codex-auto'))
  const first = await timedPost(`${gateway}/v1/responses`, viaRouter, { ...gatewayAuth, ...task })
  if (first.status !== 200) throw new Error(`codex-auto answered ${first.status}`)
  const slug: number[] = []
  const auto: number[] = []
  for (let i = 0; i < TTFB_REQUESTS; i++) {
    slug.push((await timedPost(`${gateway}/v1/responses`, captured, { ...gatewayAuth, ...task })).ttfb)
    auto.push((await timedPost(`${gateway}/v1/responses`, viaRouter, { ...gatewayAuth, ...task })).ttfb)
  }
  const result = {
    slug: percentilesOf(slug),
    auto: percentilesOf(auto),
    added: minus(percentilesOf(auto), percentilesOf(slug)),
  }
  log(`cached router decision: added p50 ${result.added.p50} ms, p99 ${result.added.p99} ms`)
  return result
}
const routerCached = await cachedRouterOverhead()

// 2. Throughput on a 2,000-chunk burst: translated and same-format routes against the floor's two variants.
/** A chat chunk carrying one of the bench upstream's numbered deltas (`e0 `, `e1 `, ...), not its opening or ending. */
const isChatDelta = (event: unknown) =>
  (event as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content?.startsWith('e') === true
const deltaTimes = (timing: StreamTiming, viaGateway: boolean) =>
  viaGateway
    ? timing.eventTimes.filter(
        (_, index) => (timing.events[index] as { type?: string } | undefined)?.type === 'response.output_text.delta',
      )
    : timing.eventTimes.filter((_, index) => isChatDelta(timing.events[index]))
const gapsOf = (times: number[]) => times.slice(1).map((time, index) => time - (times[index] ?? time))
const eventsPerSecond = (timing: StreamTiming) => BURST_EVENTS / ((timing.eventTimes.at(-1) ?? 0) / 1000)

interface BurstPath {
  label: string
  url: string
  body: Uint8Array
  headers?: Record<string, string>
  /** How many events the client must see for the run to count. */
  check: (timing: StreamTiming) => boolean
}

async function burst(id: BurstId, name: string, paths: BurstPath[]) {
  const rates = paths.map(() => [] as number[])
  for (let i = 0; i < STREAM_RUNS; i++) {
    for (const [index, path] of paths.entries()) {
      const timing = await timedPost(path.url, path.body, path.headers, { collect: true })
      if (!path.check(timing)) throw new Error(`burst ${name}: ${path.label} delivered an incomplete stream`)
      rates[index]?.push(eventsPerSecond(timing))
    }
  }
  const result = {
    id,
    name,
    paths: Object.fromEntries(paths.map((path, index) => [path.label, round(median(rates[index] ?? []), 0)])),
  }
  log(`burst ${name}: ${JSON.stringify(result.paths)}`)
  return result
}

const chatBurst = encode({ model: 'chat-burst', stream: true })
const hasChatDeltas = (timing: StreamTiming) => timing.events.filter(isChatDelta).length === BURST_EVENTS
const hasResponsesDeltas = (timing: StreamTiming) => deltaTimes(timing, true).length === BURST_EVENTS
const hasMessagesDeltas = (timing: StreamTiming) =>
  timing.events.filter((event) => (event as { type?: string }).type === 'content_block_delta').length === BURST_EVENTS
const bursts = [
  await burst('translated-chat', 'translated: /v1/responses → chat upstream', [
    { label: 'direct', url: `${upstream.url}/v1/chat/completions`, body: chatBurst, check: hasChatDeltas },
    { label: 'floor (JS pump)', url: `${floorPump}/`, body: chatBurst, check: hasChatDeltas },
    {
      label: 'ours',
      url: `${gateway}/v1/responses`,
      body: encode({ model: 'chat-burst', input: 'go', stream: true }),
      headers: gatewayAuth,
      check: hasResponsesDeltas,
    },
  ]),
  await burst('translated-anthropic', 'translated: /v1/responses → Anthropic upstream', [
    {
      label: 'direct',
      url: `${upstream.url}/v1/messages`,
      body: encode({ model: 'claude-burst', stream: true }),
      check: hasMessagesDeltas,
    },
    { label: 'floor (JS pump)', url: `${floorPump}/`, body: chatBurst, check: hasChatDeltas },
    {
      label: 'ours',
      url: `${gateway}/v1/responses`,
      body: encode({ model: 'claude-burst', input: 'go', stream: true }),
      headers: gatewayAuth,
      check: hasResponsesDeltas,
    },
  ]),
  await burst('same-format-chat', 'same format: /v1/chat/completions → chat upstream', [
    { label: 'direct', url: `${upstream.url}/v1/chat/completions`, body: chatBurst, check: hasChatDeltas },
    { label: 'floor (raw body)', url: `${floorRaw}/`, body: chatBurst, check: hasChatDeltas },
    {
      label: 'ours',
      url: `${gateway}/v1/chat/completions`,
      body: chatBurst,
      headers: gatewayAuth,
      check: hasChatDeltas,
    },
  ]),
  await burst('same-format-messages', 'same format: /v1/messages → Anthropic upstream', [
    {
      label: 'direct',
      url: `${upstream.url}/v1/messages`,
      body: encode({ model: 'claude-burst', stream: true }),
      check: hasMessagesDeltas,
    },
    { label: 'floor (raw body)', url: `${floorRaw}/`, body: chatBurst, check: hasChatDeltas },
    {
      label: 'ours',
      url: `${gateway}/v1/messages`,
      body: encode({
        model: 'claude-burst',
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'go' }],
      }),
      headers: gatewayAuth,
      check: hasMessagesDeltas,
    },
  ]),
  await burst('translated-messages-door', 'translated: /v1/messages → chat upstream', [
    { label: 'direct', url: `${upstream.url}/v1/chat/completions`, body: chatBurst, check: hasChatDeltas },
    { label: 'floor (JS pump)', url: `${floorPump}/`, body: chatBurst, check: hasChatDeltas },
    {
      label: 'ours',
      url: `${gateway}/v1/messages`,
      body: encode({ model: 'chat-burst', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'go' }] }),
      headers: gatewayAuth,
      check: hasMessagesDeltas,
    },
  ]),
]

// 3. Added gaps on paced streams, alone and 50 or 200 at once: direct, through the floor and through the gateway.
async function paced(model: string, concurrency: number) {
  const run = async (via: 'direct' | 'floor' | 'gateway') => {
    const viaGateway = via === 'gateway'
    const workerdPid = via === 'floor' ? floorPumpPid : viaGateway ? daemon.workerdPid : undefined
    const cpu = startCpuCount({ workerd: workerdPid })
    const timings = await Promise.all(
      Array.from({ length: concurrency }, () =>
        (viaGateway
          ? timedPost(`${gateway}/v1/responses`, encode({ model, input: 'go', stream: true }), gatewayAuth, {
              collect: true,
            })
          : timedPost(
              via === 'floor' ? `${floorPump}/` : `${upstream.url}/v1/chat/completions`,
              encode({ model, stream: true }),
              {},
              { collect: true },
            )
        ).catch(() => undefined),
      ),
    )
    let errors = 0
    const gaps: number[] = []
    for (const timing of timings) {
      const deltas = timing ? deltaTimes(timing, viaGateway) : []
      const isComplete =
        timing?.status === 200 &&
        deltas.length === PACED_EVENTS &&
        (!viaGateway || (timing.events.at(-1) as { type?: string } | undefined)?.type === 'response.completed')
      if (!isComplete) errors++
      gaps.push(...gapsOf(deltas))
    }
    // Per delta, in µs: steadier than the gaps, which the shared cores' scheduling decides once the thread is full.
    // perOperation rounds to 0.01 ms, so it is asked per thousand deltas: its milliseconds are µs per delta.
    const usPerDelta = cpu.perOperation((concurrency * PACED_EVENTS) / 1000).workerd
    return { errors, gaps, cpuUsPerDelta: usPerDelta === null ? null : round(usPerDelta, 0) }
  }
  const direct = await run('direct')
  const floor = await run('floor')
  const peak = concurrency >= 200 ? samplePeakRss(daemonPids) : undefined
  const through = await run('gateway')
  const peakRss = peak ? await peak.stop() : undefined
  const result = {
    concurrency,
    errors: through.errors,
    directGap: { p50: round(percentile(direct.gaps, 50)), p99: round(percentile(direct.gaps, 99)) },
    floorErrors: floor.errors,
    floorAddedGap: {
      p50: round(percentile(floor.gaps, 50) - percentile(direct.gaps, 50)),
      p99: round(percentile(floor.gaps, 99) - percentile(direct.gaps, 99)),
    },
    gatewayGap: { p50: round(percentile(through.gaps, 50)), p99: round(percentile(through.gaps, 99)) },
    addedGap: {
      p50: round(percentile(through.gaps, 50) - percentile(direct.gaps, 50)),
      p99: round(percentile(through.gaps, 99) - percentile(direct.gaps, 99)),
    },
    peakRssMiB: peakRss === undefined ? undefined : round(peakRss, 0),
    // Ticks are 10 ms: a single stream's 64 deltas are below one.
    workerdCpuUsPerDelta: concurrency >= 50 ? { floor: floor.cpuUsPerDelta, ours: through.cpuUsPerDelta } : undefined,
  }
  log(
    `paced x${concurrency}: errors ${result.errors}, added gap p50 ${result.addedGap.p50} ms, p99 ${result.addedGap.p99} ms (floor p99 ${result.floorAddedGap.p99} ms)`,
  )
  return result
}
const pacedSingle = await paced('chat-paced', 1)
const paced50 = await paced('chat-paced', 50)
const paced200 = await paced('chat-paced', 200)

// 4. Memory over many requests: a leak shows as RSS that keeps growing between 1,000 and 10,000 requests.
async function requestsThenRss(count: number, concurrency = 8): Promise<number> {
  const body = encode({ model: 'chat-quick', input: 'hi', stream: true })
  let left = count
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await timedPost(`${gateway}/v1/responses`, body, gatewayAuth)
    }),
  )
  await new Promise((resolve) => setTimeout(resolve, 1000))
  return rssMiB(daemonPids)
}
const rssAfter1k = await requestsThenRss(1000)
const rssAfter10k = await requestsThenRss(9000)
log(`RSS after 1,000 requests ${round(rssAfter1k, 0)} MiB, after 10,000 ${round(rssAfter10k, 0)} MiB`)

ours.stop()
for (const floor of floors) await floor.stop()
await upstream.close()

const ttfbCaptured = ttfb.find((row) => row.id === 'captured')
const ttfbLarge = ttfb.find((row) => row.id === 'large')
const translatedBurst = bursts.find((row) => row.id === 'translated-chat')?.paths
const sameFormatBurst = bursts.find((row) => row.id === 'same-format-chat')?.paths
const share = (a: number | undefined, b: number | undefined) => round((a ?? 0) / (b || 1), 3)
const targets: Target[] = [
  {
    id: 'captured-p50',
    limit: 'floor + 0.3 ms',
    target: 'added TTFB p50, captured request <= floor + 0.3 ms',
    value: `${ttfbCaptured?.added.p50} (floor ${ttfbCaptured?.floorAdded.p50})`,
    met: (ttfbCaptured?.oursOverFloor.p50 ?? Infinity) <= 0.3,
  },
  {
    id: 'captured-p99',
    limit: '3 ms',
    target: 'added TTFB p99, captured request <= 3 ms',
    value: ttfbCaptured?.added.p99,
    met: (ttfbCaptured?.added.p99 ?? Infinity) <= 3,
  },
  {
    id: 'large-p50',
    limit: 'floor + 1.5 ms',
    target: 'added TTFB p50, 400 KB request <= floor + 1.5 ms',
    value: `${ttfbLarge?.added.p50} (floor ${ttfbLarge?.floorAdded.p50})`,
    met: (ttfbLarge?.oursOverFloor.p50 ?? Infinity) <= 1.5,
  },
  {
    id: 'router-cached',
    limit: '0.3 ms',
    target: 'a cached auto-router decision adds <= 0.3 ms (p50)',
    value: routerCached.added.p50,
    met: routerCached.added.p50 <= 0.3,
  },
  {
    id: 'translated-burst',
    limit: '0.95 × the floor',
    target: 'translated burst >= 0.95 × the floor’s',
    value: share(translatedBurst?.ours, translatedBurst?.['floor (JS pump)']),
    met: share(translatedBurst?.ours, translatedBurst?.['floor (JS pump)']) >= 0.95,
  },
  {
    id: 'same-format-burst',
    limit: `5 × ${round(PREVIOUS_TRANSLATED_BURST / 1000, 1)}k`,
    target: `same-format burst >= 5 × the translated figure (${PREVIOUS_TRANSLATED_BURST}/s)`,
    value: share(sameFormatBurst?.ours, PREVIOUS_TRANSLATED_BURST),
    met: share(sameFormatBurst?.ours, PREVIOUS_TRANSLATED_BURST) >= 5,
  },
  {
    id: 'idle-rss',
    limit: '170 MiB',
    target: `idle RSS (daemon + workerd, ${IDLE_SETTLE_MS / 1000} s after start) <= 170 MiB`,
    value: round(idleRss, 0),
    met: idleRss <= 170,
  },
  {
    id: 'rss-growth',
    limit: 'within 10 %',
    target: 'RSS after 10,000 requests within 10% of after 1,000',
    value: `${round(rssAfter1k, 0)} → ${round(rssAfter10k, 0)} MiB`,
    met: rssAfter10k <= rssAfter1k * 1.1,
  },
  {
    id: 'paced-200-errors',
    limit: '0 errors',
    target: '200 concurrent paced streams: 0 errors',
    value: paced200.errors,
    met: paced200.errors === 0,
  },
  {
    id: 'paced-200-gap',
    limit: '30 ms',
    target: '200 concurrent paced streams: added p99 gap <= 30 ms',
    value: `${paced200.addedGap.p99} (floor ${paced200.floorAddedGap.p99})`,
    met: paced200.addedGap.p99 <= 30,
  },
  {
    id: 'cold-start',
    limit: '1.5 s',
    target: 'cold start <= 1.5 s',
    value: round(median(coldStarts), 0),
    met: median(coldStarts) <= 1500,
  },
]

const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  date: new Date().toISOString(),
}
const results: BenchResults = {
  machine,
  coldStartMs: { runs: coldStarts.map((ms) => round(ms, 0)), median: round(median(coldStarts), 0) },
  firstRequestTtfbMs: { runs: firstRequestTtfbs.map((ms) => round(ms)), median: round(median(firstRequestTtfbs)) },
  warmupRequests: WARMUP_REQUESTS,
  idleRssMiB: round(idleRss, 0),
  rssJustStartedMiB: round(justStartedRss, 0),
  rssAfterRequestsMiB: { after1k: round(rssAfter1k, 0), after10k: round(rssAfter10k, 0) },
  ttfb,
  routerCached,
  bursts,
  paced: [pacedSingle, paced50, paced200],
  targets,
}
mkdirSync(join(root, 'bench'), { recursive: true })
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)
writeFileSync(
  join(root, 'bench/ttfb.svg'),
  barChartSvg(
    'Added time to first byte over the upstream hit directly (ms), p50 / p90 / p99',
    ['floor p50', 'ours p50', 'floor p99', 'ours p99'],
    ttfb.map((row) => ({
      label: row.label.replace('captured', 'capt.').slice(0, 22),
      values: [row.floorAdded.p50, row.added.p50, row.floorAdded.p99, row.added.p99],
    })),
    'ms',
  ),
)

const pct = (row: Percentiles) => `${row.p50} / ${row.p90} / ${row.p99}`
const table = [
  `Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.date}. Client, upstream, floor and gateway share the cores.`,
  '',
  '"Floor": a bare worker in the same Miniflare/workerd setup that parses the body, sends it on to the upstream and pumps the bytes back (or returns the upstream body as is, for same-format routes): what no gateway on workerd can go below.',
  '',
  '![added TTFB: floor and ours](ttfb.svg)',
  '',
  `Each row: ${TTFB_REQUESTS} requests to each of direct, floor and ours, interleaved, after ${WARMUP_REQUESTS} unmeasured ones to each (the steady state of a gateway that runs all day; the first request after a start is below).`,
  '',
  '| time to first byte, added over direct (ms) p50 / p90 / p99 | floor | ours | ours − floor |',
  '|---|---|---|---|',
  ...ttfb.map(
    (row) =>
      `| ${row.label} (${Math.round(row.bytes / 1024)} KB) | ${pct(row.floorAdded)} | ${pct(row.added)} | ${pct(row.oursOverFloor)} |`,
  ),
  '',
  'CPU time per request over the same requests (user + system, from /proc), a steadier measure than time to first byte on shared cores:',
  '',
  "| CPU ms per request | floor's workerd | our workerd | our daemon |",
  '|---|---|---|---|',
  ...ttfb.map(
    ({ label, cpuMsPerRequest: cpu }) =>
      `| ${label} | ${cpu.floorWorkerd ?? '?'} | ${cpu.oursWorkerd ?? '?'} | ${cpu.oursDaemon ?? '?'} |`,
  ),
  '',
  "Where the time to first byte goes (p50 ms, each request timed by the upstream, which runs in the benchmark process): until the upstream has the request, then from its first bytes to the client's:",
  '',
  '| p50 ms: until the upstream has it / after its first bytes | direct | floor | ours | ours − floor |',
  '|---|---|---|---|---|',
  ...ttfb.map(({ label, phasesP50: { direct, floor, ours } }) => {
    const phase = (row: { toUpstream: number; afterAnswer: number }) => `${row.toUpstream} / ${row.afterAnswer}`
    return `| ${label} | ${phase(direct)} | ${phase(floor)} | ${phase(ours)} | ${round(ours.toUpstream - floor.toUpstream)} / ${round(ours.afterAnswer - floor.afterAnswer)} |`
  }),
  '',
  `A request to codex-auto whose task is already decided, against the same request to the chosen slug (TTFB ms, p50 / p90 / p99): ${pct(routerCached.slug)} direct to the slug, ${pct(routerCached.auto)} through the router, ${pct(routerCached.added)} added.`,
  '',
  '| 2,000-chunk burst, events/s | direct | floor | ours | ours / floor |',
  '|---|---|---|---|---|',
  ...bursts.map((row) => {
    const [direct, floor, ours] = Object.values(row.paths)
    return `| ${row.name} | ${direct} | ${floor} | ${ours} | ${share(ours, floor)} |`
  }),
  '',
  '| paced streams (64 deltas × 20 ms) | inter-event gap direct p50 / p99 | through the gateway | added by ours | added by the floor | errors (ours / floor) | workerd CPU µs per delta (floor / ours) |',
  '|---|---|---|---|---|---|---|',
  ...[pacedSingle, paced50, paced200].map(
    (row) =>
      `| ${row.concurrency} at once | ${row.directGap.p50} / ${row.directGap.p99} | ${row.gatewayGap.p50} / ${row.gatewayGap.p99} | ${row.addedGap.p50} / ${row.addedGap.p99} | ${row.floorAddedGap.p50} / ${row.floorAddedGap.p99} | ${row.errors} / ${row.floorErrors} | ${row.workerdCpuUsPerDelta ? `${row.workerdCpuUsPerDelta.floor ?? '?'} / ${row.workerdCpuUsPerDelta.ours ?? '?'}` : '(too few)'} |`,
  ),
  '',
  `Cold start of \`codex-shim start\` to a healthy /health: ${round(median(coldStarts), 0)} ms (median of 5). The first captured request after a start: ${round(median(firstRequestTtfbs))} ms to its first byte (median of ${firstRequestTtfbs.length}; settings loaded and code compiled on its way). RSS of daemon + workerd: ${round(justStartedRss, 0)} MiB 2 s after start, ${round(idleRss, 0)} MiB idle (${IDLE_SETTLE_MS / 1000} s after start), ${paced200.peakRssMiB ?? '?'} MiB peak under 200 streams, ${round(rssAfter1k, 0)} MiB after 1,000 requests, ${round(rssAfter10k, 0)} MiB after 10,000.`,
  '',
  '| target | measured | met |',
  '|---|---|---|',
  ...targets.map(
    (row) => `| ${row.target} | ${row.value} | ${row.met === undefined ? 'n/a' : row.met ? 'yes' : 'no'} |`,
  ),
].join('\n')
writeFileSync(join(root, 'bench/results.md'), `${table}\n`)
process.stdout.write(`${table}\n`)
log('README.md: `npm run bench:readme` writes its performance table from this run.')
