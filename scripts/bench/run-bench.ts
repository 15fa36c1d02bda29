import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { capturedRequest, largeRequest, messagesRequest } from './bodies'
import { startBenchUpstream, BURST_EVENTS, PACED_EVENTS } from './bench-upstream'
import { timedPost, type StreamTiming } from './http-client'
import { rssMiB, samplePeakRss } from './process-memory'
import { median, percentile, round } from './stats'

const root = fileURLToPath(new URL('../../', import.meta.url))
const cli = join(root, 'dist/cli.js')
const TTFB_REQUESTS = Number(process.env.BENCH_TTFB_REQUESTS ?? 300)
const STREAM_RUNS = 10

const upstream = await startBenchUpstream()
const home = mkdtempSync(join(tmpdir(), 'codex-shim-bench-'))
const env = { ...process.env, HOME: home, CODEX_SHIM_HOME: join(home, '.codex-shim'), CODEX_HOME: join(home, '.codex') }
mkdirSync(env.CODEX_SHIM_HOME, { recursive: true })
const models = ['quick', 'burst', 'paced'].flatMap((mode) => [
  { model: `chat-${mode}`, slug: `chat-${mode}`, provider: 'openai', base_url: `${upstream.url}/v1`, api_key: 'bench' },
  { model: `claude-${mode}`, slug: `claude-${mode}`, provider: 'anthropic', base_url: `${upstream.url}/v1`, api_key: 'bench', prompt_cache: false },
])
writeFileSync(join(env.CODEX_SHIM_HOME, 'models.json'), JSON.stringify({ models }))
const port = 18_000 + Math.floor(Math.random() * 2000)
const gateway = `http://127.0.0.1:${port}`
const cliRun = (args: string[]) => spawnSync(process.execPath, [cli, ...args, '--port', String(port)], { env, cwd: home, encoding: 'utf8' })

function log(line: string): void {
  process.stderr.write(`${line}\n`)
}

// 4. Cold start (median of 5) and idle footprint.
const coldStarts: number[] = []
for (let i = 0; i < 5; i++) {
  const started = performance.now()
  const run = cliRun(['start'])
  if (run.status !== 0) throw new Error(`start failed: ${run.stderr}`)
  coldStarts.push(performance.now() - started)
  if (i < 4) cliRun(['stop'])
}
const daemon = JSON.parse(readFileSync(join(env.CODEX_SHIM_HOME, 'daemon.json'), 'utf8')) as { pid: number; workerdPid?: number }
const gatewayAuth = { authorization: `Bearer ${readFileSync(join(env.CODEX_SHIM_HOME, 'token'), 'utf8').trim()}` }
const daemonPids = [daemon.pid, ...(daemon.workerdPid ? [daemon.workerdPid] : [])]
await new Promise((resolve) => setTimeout(resolve, 2000))
const idleRss = await rssMiB(daemonPids)
log(`cold start median ${round(median(coldStarts), 0)} ms, idle RSS ${round(idleRss, 0)} MiB`)

// 1. Added time to first byte, direct and through the gateway interleaved (so drift hits both alike).
async function addedTtfb(label: string, gatewayBody: Uint8Array, directBody: Uint8Array, path: string, headers: Record<string, string> = {}, gatewayPath = '/v1/responses') {
  const direct: number[] = []
  const through: number[] = []
  for (let i = 0; i < TTFB_REQUESTS; i++) {
    direct.push((await timedPost(`${upstream.url}${path}`, directBody)).ttfb)
    const timing = await timedPost(`${gateway}${gatewayPath}`, gatewayBody, { ...gatewayAuth, ...headers })
    if (timing.status !== 200) throw new Error(`${label}: gateway answered ${timing.status}`)
    through.push(timing.ttfb)
  }
  const result = {
    label,
    bytes: gatewayBody.byteLength,
    direct: { p50: round(percentile(direct, 50)), p99: round(percentile(direct, 99)) },
    gateway: { p50: round(percentile(through, 50)), p99: round(percentile(through, 99)) },
    added: { p50: round(percentile(through, 50) - percentile(direct, 50)), p99: round(percentile(through, 99) - percentile(direct, 99)) },
  }
  log(`TTFB ${label}: added p50 ${result.added.p50} ms, p99 ${result.added.p99} ms`)
  return result
}

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const captured = encode(await capturedRequest('chat-quick'))
const large = encode(await largeRequest('chat-quick'))
const ttfb = [await addedTtfb('captured Codex request', captured, captured, '/v1/chat/completions'), await addedTtfb('400 KB, 60 tools', large, large, '/v1/chat/completions')]
const zstd = (() => {
  try {
    return new Uint8Array(execFileSync('zstd', ['-3', '-c', '-q'], { input: large }))
  } catch {
    return undefined
  }
})()
if (zstd) ttfb.push(await addedTtfb('400 KB, zstd', zstd, large, '/v1/chat/completions', { 'content-encoding': 'zstd' }))
else log('zstd tool not found: the compressed-body run is skipped')
const claudeCaptured = encode(await capturedRequest('claude-quick'))
ttfb.push(await addedTtfb('captured request, Anthropic route', claudeCaptured, claudeCaptured, '/v1/messages'))
const messagesBody = encode(await messagesRequest('chat-quick'))
ttfb.push(await addedTtfb('Messages request on /v1/messages, chat model', messagesBody, messagesBody, '/v1/chat/completions', {}, '/v1/messages'))

// 2. Throughput on a 2,000-chunk burst and added gaps on a paced stream.
const deltaTimes = (timing: StreamTiming, viaGateway: boolean) =>
  viaGateway ? timing.eventTimes.filter((_, index) => (timing.events[index] as { type?: string } | undefined)?.type === 'response.output_text.delta') : timing.eventTimes.slice(1, -2)
const gapsOf = (times: number[]) => times.slice(1).map((time, index) => time - (times[index] ?? time))

async function burst(model: string, path: string) {
  const direct: number[] = []
  const through: number[] = []
  for (let i = 0; i < STREAM_RUNS; i++) {
    const d = await timedPost(`${upstream.url}${path}`, encode({ model, stream: true }))
    direct.push(BURST_EVENTS / ((d.eventTimes.at(-1) ?? 0) / 1000))
    const g = await timedPost(`${gateway}/v1/responses`, encode({ model, input: 'go', stream: true }), gatewayAuth, { collect: true })
    const deltas = deltaTimes(g, true)
    if (deltas.length !== BURST_EVENTS) throw new Error(`burst through the gateway delivered ${deltas.length} deltas`)
    through.push(BURST_EVENTS / ((g.eventTimes.at(-1) ?? 0) / 1000))
  }
  const result = { model, directEventsPerSecond: round(median(direct), 0), gatewayEventsPerSecond: round(median(through), 0), share: round(median(through) / median(direct), 3) }
  log(`burst ${model}: ${result.gatewayEventsPerSecond} events/s through the gateway, ${result.directEventsPerSecond} direct`)
  return result
}

async function paced(model: string, concurrency: number) {
  const run = async (viaGateway: boolean) => {
    const timings = await Promise.all(
      Array.from({ length: concurrency }, () =>
        viaGateway
          ? timedPost(`${gateway}/v1/responses`, encode({ model, input: 'go', stream: true }), gatewayAuth, { collect: true }).catch(() => undefined)
          : timedPost(`${upstream.url}/v1/chat/completions`, encode({ model, stream: true }), {}, { collect: true }).catch(() => undefined),
      ),
    )
    let errors = 0
    const gaps: number[] = []
    for (const timing of timings) {
      const deltas = timing ? deltaTimes(timing, viaGateway) : []
      const isComplete = timing?.status === 200 && deltas.length === PACED_EVENTS && (!viaGateway || (timing.events.at(-1) as { type?: string } | undefined)?.type === 'response.completed')
      if (!isComplete) errors++
      gaps.push(...gapsOf(deltas))
    }
    return { errors, gaps }
  }
  const direct = await run(false)
  const peak = concurrency >= 200 ? samplePeakRss(daemonPids) : undefined
  const through = await run(true)
  const peakRss = peak ? await peak.stop() : undefined
  const result = {
    concurrency,
    errors: through.errors,
    directGap: { p50: round(percentile(direct.gaps, 50)), p99: round(percentile(direct.gaps, 99)) },
    gatewayGap: { p50: round(percentile(through.gaps, 50)), p99: round(percentile(through.gaps, 99)) },
    addedGap: { p50: round(percentile(through.gaps, 50) - percentile(direct.gaps, 50)), p99: round(percentile(through.gaps, 99) - percentile(direct.gaps, 99)) },
    peakRssMiB: peakRss === undefined ? undefined : round(peakRss, 0),
  }
  log(`paced x${concurrency}: errors ${result.errors}, added gap p50 ${result.addedGap.p50} ms, p99 ${result.addedGap.p99} ms`)
  return result
}

const bursts = [await burst('chat-burst', '/v1/chat/completions'), await burst('claude-burst', '/v1/messages'), await messagesBurst()]

/** The 2,000-chunk burst as an Anthropic client sees it: /v1/messages in front of a chat model. */
async function messagesBurst() {
  const direct: number[] = []
  const through: number[] = []
  for (let i = 0; i < STREAM_RUNS; i++) {
    const d = await timedPost(`${upstream.url}/v1/chat/completions`, encode({ model: 'chat-burst', stream: true }))
    direct.push(BURST_EVENTS / ((d.eventTimes.at(-1) ?? 0) / 1000))
    const g = await timedPost(`${gateway}/v1/messages`, encode({ model: 'chat-burst', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'go' }] }), gatewayAuth, { collect: true })
    const deltas = g.events.filter((event) => (event as { type?: string }).type === 'content_block_delta').length
    if (deltas !== BURST_EVENTS) throw new Error(`burst through /v1/messages delivered ${deltas} deltas`)
    through.push(BURST_EVENTS / ((g.eventTimes.at(-1) ?? 0) / 1000))
  }
  const result = { model: 'chat-burst via /v1/messages', directEventsPerSecond: round(median(direct), 0), gatewayEventsPerSecond: round(median(through), 0), share: round(median(through) / median(direct), 3) }
  log(`burst ${result.model}: ${result.gatewayEventsPerSecond} events/s`)
  return result
}
const pacedSingle = await paced('chat-paced', 1)
const paced50 = await paced('chat-paced', 50)
const paced200 = await paced('chat-paced', 200)
cliRun(['stop'])
await upstream.close()

const ttfbCaptured = ttfb[0]
const ttfbLarge = ttfb[1]
const targets = [
  { target: 'added TTFB p50 <= 1.5 ms (47 KB body)', value: ttfbCaptured?.added.p50, met: (ttfbCaptured?.added.p50 ?? Infinity) <= 1.5 },
  { target: 'added TTFB p99 <= 5 ms (47 KB body)', value: ttfbCaptured?.added.p99, met: (ttfbCaptured?.added.p99 ?? Infinity) <= 5 },
  { target: 'added TTFB p50 <= 5 ms (400 KB body)', value: ttfbLarge?.added.p50, met: (ttfbLarge?.added.p50 ?? Infinity) <= 5 },
  { target: '>= 50% of direct events/s on the 2,000-chunk stream', value: bursts[0]?.share, met: (bursts[0]?.share ?? 0) >= 0.5 },
  { target: 'added inter-event gap p99 <= 2 ms (paced stream)', value: pacedSingle.addedGap.p99, met: pacedSingle.addedGap.p99 <= 2 },
  { target: '200 concurrent streams: 0 errors', value: paced200.errors, met: paced200.errors === 0 },
  { target: '200 concurrent streams: added p99 gap <= 50 ms', value: paced200.addedGap.p99, met: paced200.addedGap.p99 <= 50 },
  { target: 'cold start <= 1.5 s', value: round(median(coldStarts), 0), met: median(coldStarts) <= 1500 },
  { target: 'idle RSS <= 200 MB (daemon + workerd)', value: round(idleRss, 0), met: idleRss * 1.048576 <= 200 },
]

const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, date: new Date().toISOString() }
const results = { machine, coldStartMs: { runs: coldStarts.map((ms) => round(ms, 0)), median: round(median(coldStarts), 0) }, idleRssMiB: round(idleRss, 0), ttfb, bursts, paced: [pacedSingle, paced50, paced200], targets }
mkdirSync(join(root, 'bench'), { recursive: true })
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)

const table = [
  `Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.date}`,
  '',
  '| measure | direct | through the gateway | added |',
  '|---|---|---|---|',
  ...ttfb.map((row) => `| TTFB, ${row.label} (${Math.round(row.bytes / 1024)} KB), p50 / p99 ms | ${row.direct.p50} / ${row.direct.p99} | ${row.gateway.p50} / ${row.gateway.p99} | ${row.added.p50} / ${row.added.p99} |`),
  ...bursts.map((row) => `| events/s, 2,000-chunk stream (${row.model}) | ${row.directEventsPerSecond} | ${row.gatewayEventsPerSecond} | ${Math.round(row.share * 100)}% of direct |`),
  ...[pacedSingle, paced50, paced200].map((row) => `| inter-event gap, ${row.concurrency} paced stream(s) (64 × 20 ms), p50 / p99 ms | ${row.directGap.p50} / ${row.directGap.p99} | ${row.gatewayGap.p50} / ${row.gatewayGap.p99} | ${row.addedGap.p50} / ${row.addedGap.p99} (errors: ${row.errors}) |`),
  `| cold start of \`codex-shim start\` to healthy /health, median of 5 | | ${round(median(coldStarts), 0)} ms | |`,
  `| RSS of daemon + workerd, idle / under 200 streams | | ${round(idleRss, 0)} / ${paced200.peakRssMiB ?? '?'} MiB | |`,
  '',
  '| target | measured | met |',
  '|---|---|---|',
  ...targets.map((row) => `| ${row.target} | ${row.value} | ${row.met ? 'yes' : 'no'} |`),
].join('\n')
writeFileSync(join(root, 'bench/results.md'), `${table}\n`)
process.stdout.write(`${table}\n`)
