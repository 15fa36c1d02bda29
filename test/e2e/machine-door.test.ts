import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { daemonContext } from '../../cli/daemon/daemon-context'
import { createHostService } from '../../cli/daemon/host-service'
import { createSettingsSource } from '../../cli/daemon/settings-source'
import { getJson, runCli } from '../kit/cli-runner'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { listeningPortsOf } from '../kit/listening-ports'

const MODEL_KEY = 'sk-model-key-that-must-stay-home-41c9'
const CHATGPT_TOKEN = 'chatgpt-access-token-that-must-stay-home-77ab'
let gateway: GatewayHarness

interface DaemonRecord {
  pid: number
  workerdPid: number
  instance: string
  restarts?: number
}

const record = async () =>
  JSON.parse(await readFile(join(gateway.home.runtimeHome, 'daemon.json'), 'utf8')) as DaemonRecord

/** Miniflare's loopback server, where `{ node }` bindings are served: its port is on workerd's command line. */
async function loopbackPort(): Promise<number> {
  const commandLine = (await readFile(`/proc/${(await record()).workerdPid}/cmdline`, 'utf8')).split('\0')
  const address = commandLine.find((arg) => arg.startsWith('--external-addr=loopback='))
  const port = Number(address?.split(':').at(-1))
  expect(port).toBeGreaterThan(0)
  return port
}

/** HOST's own server: a unix socket in the runtime home (loopback TCP only on Windows). */
const hostSocket = () => join(gateway.home.runtimeHome, 'host.sock')

/** Where a local process can knock: every TCP port the daemon listens on, and HOST's socket. */
async function doors(): Promise<Door[]> {
  const ports = await listeningPortsOf((await record()).pid)
  return [...ports.map((port) => ({ port })), { socketPath: hostSocket() }]
}

type Door = { port: number } | { socketPath: string }

/** A raw HTTP call as any local process could make it (node:http lets us set Host and any header). */
function rawCall(
  door: Door | number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const target = typeof door === 'number' ? { host: '127.0.0.1', port: door } : door
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path, method: 'GET', headers }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function expectServing(): Promise<void> {
  const health = await getJson(`${gateway.url}/health`)
  expect(health.status).toBe(200)
  expect(health.body).toMatchObject({ ok: true, instance: (await record()).instance })
}

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [{ model: 'mock-chat', slug: 'mock', provider: 'openai', api_key: MODEL_KEY }],
  })
  await mkdir(gateway.home.codexHome, { recursive: true })
  await writeFile(
    join(gateway.home.codexHome, 'auth.json'),
    JSON.stringify({ tokens: { access_token: CHATGPT_TOKEN } }),
  )
})
afterAll(async () => {
  await gateway?.stop()
})

describe('the machine doors (HOST’s socket and Miniflare’s loopback port)', () => {
  test.each([['/settings'], ['/chatgpt-auth'], ['/passthrough-entry']])(
    '%s without the run’s secret is refused on every door the daemon opens, and gives nothing away',
    async (path) => {
      const knocks = await doors()
      expect(knocks).toContainEqual({ port: await loopbackPort() })
      const attempts: Record<string, string>[] = [
        { host: 'host' },
        { host: 'host', 'x-codex-shim-host-secret': 'guess' },
        { 'mf-custom-node-service': '0/#HOST', host: 'host' },
        { 'mf-custom-node-service': '0/#HOST', host: 'host', 'x-codex-shim-host-secret': 'guess' },
      ]
      for (const door of knocks) {
        for (const headers of attempts) {
          const answer = await rawCall(door, path, headers)
          expect(answer.status).toBe(403)
          expect(answer.body).not.toContain(MODEL_KEY)
          expect(answer.body).not.toContain(CHATGPT_TOKEN)
        }
      }
      const log = await readFile(join(gateway.home.runtimeHome, 'logs', 'gateway.log'), 'utf8')
      expect(log).toContain(`[host] refused GET ${path}`)
    },
  )

  test('the run’s secret with a Host other than the worker’s is refused and gives nothing away', async () => {
    // The daemon's secret never leaves it, so this mounts the daemon's HOST service on a port of its own, with a
    // secret the test knows, over this gateway's home: the same handler Miniflare hands each loopback request to.
    const secret = 'the-run-secret-the-worker-was-given'
    const context = daemonContext({ port: gateway.port, env: gateway.home.env })
    const logLines: string[] = []
    const service = createHostService({
      source: createSettingsSource({
        settings: context.settings,
        codexHome: context.codexHome,
        runtimeHome: context.home,
        env: context.env,
      }),
      secret,
      log: (line) => logLines.push(line),
    })
    const server = createServer((req, res) => void service(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      const asWorker = { 'mf-custom-node-service': '0/#HOST', 'x-codex-shim-host-secret': secret }
      // The worker's own call (Host `host`, from HOST_ORIGIN) gets the key: the secret above is the right one.
      const granted = await rawCall(port, '/settings', { ...asWorker, host: 'host' })
      expect(granted.status).toBe(200)
      expect(granted.body).toContain(MODEL_KEY)
      for (const host of ['evil.example', 'localhost', `127.0.0.1:${port}`, 'HOST', 'host.evil.example']) {
        for (const path of ['/settings', '/chatgpt-auth']) {
          const answer = await rawCall(port, path, { ...asWorker, host })
          expect(answer.status).toBe(403)
          expect(answer.body).not.toContain(MODEL_KEY)
          expect(answer.body).not.toContain(CHATGPT_TOKEN)
        }
      }
      expect(logLines.filter((line) => line.startsWith('[host] refused GET'))).toHaveLength(10)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  test('HOST’s socket can be opened by this user only', async () => {
    const info = await stat(hostSocket())
    expect(info.isSocket()).toBe(true)
    expect(info.mode & 0o777).toBe(0o600)
  })

  test.each([
    ['Miniflare’s loopback port', async (): Promise<Door> => ({ port: await loopbackPort() })],
    ['HOST’s socket', async (): Promise<Door> => ({ socketPath: hostSocket() })],
  ])('malformed and foreign requests to %s leave the gateway serving', async (_name, doorOf) => {
    const door = await doorOf()
    const attempts: Record<string, string>[] = [
      { 'mf-custom-node-service': '0/#HOST' },
      { 'mf-custom-node-service': '1/#HOST' },
      { 'mf-custom-node-service': 'garbage' },
      { 'mf-custom-node-service': '0/#NOPE' },
      { 'mf-cf-blob': '{not json' },
      {},
    ]
    for (const headers of attempts) {
      const answer = await rawCall(door, '/core/store-temp-file?extension=txt', headers).catch(() => ({
        status: 0,
        body: '',
      }))
      expect(answer.status).toBe(403)
    }
    await new Promise<void>((resolve) => {
      const upgrade = request({
        ...door,
        path: '/',
        headers: { connection: 'upgrade', upgrade: 'websocket', 'mf-custom-node-service': '0/#HOST' },
      })
      upgrade.on('upgrade', () => resolve())
      upgrade.on('error', () => resolve())
      upgrade.on('response', () => resolve())
      upgrade.end()
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    await expectServing()
    expect((await getJson(`${gateway.url}/v1/models`, gateway.authHeaders)).status).toBe(200)
  })
})

describe('a workerd that dies', () => {
  test('is restarted by the daemon, and status reports the restart', async () => {
    const before = await record()
    process.kill(before.workerdPid, 'SIGKILL')
    const deadline = Date.now() + 20_000
    let after = before
    while (Date.now() < deadline) {
      after = await record()
      if (
        after.workerdPid !== before.workerdPid &&
        (await getJson(`${gateway.url}/health`).catch(() => ({ status: 0 }))).status === 200
      )
        break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(after.pid).toBe(before.pid)
    expect(after.restarts).toBe(1)
    await expectServing()
    const status = await runCli(['status', '--port', String(gateway.port)], gateway.home.env)
    expect(status.stdout).toMatch(/workerd was restarted 1 time; last at .*: workerd \(pid \d+\) exited unexpectedly/)
    const log = await readFile(join(gateway.home.runtimeHome, 'logs', 'gateway.log'), 'utf8')
    expect(log).toContain(`workerd (pid ${before.workerdPid}) exited unexpectedly; restarting the gateway`)
  })
})
