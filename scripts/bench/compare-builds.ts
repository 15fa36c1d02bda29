import { existsSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { capturedRequest, largeRequest } from './bodies'
import { startBenchUpstream } from './bench-upstream'
import { benchDaemon, benchModels } from './bench-daemon'
import { startFloorGateways } from './floor-gateways'
import { timedPost, type StreamTiming } from './http-client'
import { cpuMs } from './process-cpu'
import { percentile, round } from './stats'

/**
 * `npm run bench:builds -- <dist> <dist> ...`: an interleaved A/B (or A/B/C...) of whole builds, each a copy of
 * `dist/` made from the change to try, inside the project so it finds node_modules (`npm run build && cp -r dist
 * bench/.build/dist-try`; bench/.build is not committed). Every build runs as its own daemon; each round sends one
 * captured request (400 KB with BENCH_LARGE=1) straight to the upstream, one through the floor and one through
 * every build, in an order that rotates, so drift hits all alike. Prints added time to first byte, its split where
 * the upstream sees the request, and CPU per request. Two copies of the same build show the spread to read a
 * difference against.
 */
const root = fileURLToPath(new URL('../../', import.meta.url))
const builds = process.argv.slice(2).map((dir) => resolve(dir))
const unusable = builds.find((dir) => !existsSync(join(dir, 'cli.js')) || relative(root, dir).startsWith('..'))
if (builds.length === 0 || unusable !== undefined) {
  process.stderr.write(
    `${unusable === undefined ? '' : `${unusable}: not a copy of dist/ inside the project. `}` +
      'usage: npm run bench:builds -- bench/.build/dist-a bench/.build/dist-b ... (copies of dist/, each with cli.js)\n',
  )
  process.exit(2)
}
const REQUESTS = Number(process.env.BENCH_TTFB_REQUESTS ?? 300)
/** Unmeasured rounds first, as `npm run bench` warms each of its rows. */
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_REQUESTS ?? 50)
const model = process.env.BENCH_MODEL ?? 'chat-quick'
const upstream = await startBenchUpstream()
const settings = { models: benchModels(upstream.url, ['quick']) }

const daemons = builds.map((dir, index) => {
  const daemon = benchDaemon({
    cliPath: join(dir, 'cli.js'),
    port: 17_000 + index * 100 + Math.floor(Math.random() * 90),
    settings,
    label: 'builds',
  })
  daemon.start() // stopped when this process exits, however the run ends (bench-daemon.ts)
  const record = daemon.record()
  return {
    name: `${index + 1}:${basename(dir)}`,
    url: `${daemon.origin}/v1/responses`,
    headers: daemon.authorization(),
    pids: { workerd: record.workerdPid, daemon: record.pid },
    sample: newSample(),
  }
})
const floors = await startFloorGateways(upstream.url)
const floor = floors.find((gateway) => gateway.mode === 'pump')
if (floor === undefined) throw new Error('no floor worker')

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const body = encode(process.env.BENCH_LARGE ? await largeRequest(model) : await capturedRequest(model))
const upstreamPath = model.startsWith('claude') ? '/v1/messages' : '/v1/chat/completions'

function newSample() {
  return { ttfb: [] as number[], toUpstream: [] as number[], afterAnswer: [] as number[] }
}
type Sample = ReturnType<typeof newSample>
function record(timing: StreamTiming, into: Sample): void {
  if (timing.status !== 200) throw new Error(`answered ${timing.status}`)
  const { receivedAt, answeredAt } = upstream.lastMoments()
  into.ttfb.push(timing.ttfb)
  into.toUpstream.push(receivedAt - timing.startedAt)
  into.afterAnswer.push(timing.startedAt + timing.ttfb - answeredAt)
}
const cpuOf = (pid: number | undefined) => (pid === undefined ? 0 : cpuMs(pid))

const direct = newSample()
const floorSample = newSample()
const sendAll = async (round: number, measured: boolean) => {
  const sends = [
    async () => record(await timedPost(`${upstream.url}${upstreamPath}`, body), measured ? direct : newSample()),
    async () => record(await timedPost(`${floor.url}/`, body), measured ? floorSample : newSample()),
    ...daemons.map(
      (daemon) => async () =>
        record(await timedPost(daemon.url, body, daemon.headers), measured ? daemon.sample : newSample()),
    ),
  ]
  for (let k = 0; k < sends.length; k++) await sends[(round + k) % sends.length]?.()
}
for (let i = 0; i < WARMUP_ROUNDS; i++) await sendAll(i, false)
// Over the whole run, not around each request: a request's last work (its log line, the daemon's wakeup for it)
// comes after the client has its answer. Each process serves only its own requests, so the totals are theirs.
const cpuAtStart = [floor.pid, ...daemons.flatMap((daemon) => [daemon.pids.workerd, daemon.pids.daemon])].map(cpuOf)
for (let i = 0; i < REQUESTS; i++) await sendAll(i, true)
const [floorCpu, ...buildCpu] = [
  floor.pid,
  ...daemons.flatMap((daemon) => [daemon.pids.workerd, daemon.pids.daemon]),
].map((pid, index) => (cpuOf(pid) - (cpuAtStart[index] ?? 0)) / REQUESTS)

const p = (values: number[], at: number) => percentile(values, at)
const cell = (value: number, width: number) => round(value).toFixed(2).padStart(width)
const line = (name: string, sample: Sample, cpu: string) => {
  const added = [50, 90, 99].map((at) => cell(p(sample.ttfb, at) - p(direct.ttfb, at), 6)).join(' ')
  const split = `${cell(p(sample.toUpstream, 50), 5)} / ${cell(p(sample.afterAnswer, 50), 5)}`
  return `${name.padEnd(24)} ${added}   ${split}  ${cpu}`
}
console.log(`${REQUESTS} rounds, ${Math.round(body.byteLength / 1024)} KB request to ${model}`)
console.log(`${'added TTFB ms'.padEnd(24)}    p50    p90    p99   to upstream / after (p50)  CPU ms per request`)
const ms = (value: number | undefined) => round(value ?? Number.NaN).toFixed(2)
console.log(line('floor', floorSample, `workerd ${ms(floorCpu)}`))
for (const [index, daemon] of daemons.entries()) {
  const cpu = `workerd ${ms(buildCpu[2 * index])}, daemon ${ms(buildCpu[2 * index + 1])}`
  console.log(line(daemon.name, daemon.sample, cpu))
}
console.log(`(direct: to upstream ${round(p(direct.toUpstream, 50))} ms, after ${round(p(direct.afterAnswer, 50))} ms)`)
for (const gateway of floors) await gateway.stop()
await upstream.close()
process.exit(0) // the exit handler stops the daemons
