import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { authHeadersOf, CLI, freePort, getJson, makeTestHome, runCli, type TestHome } from '../kit/cli-runner'

interface DaemonRecord {
  pid: number
  workerdPid?: number
  port: number
  instance: string
}

const started: { home: TestHome; port: number }[] = []

async function startDaemon(
  models: unknown = { models: [] },
): Promise<{ home: TestHome; port: number; record: DaemonRecord; stdout: string }> {
  const home = await makeTestHome('daemon')
  await mkdir(home.runtimeHome, { recursive: true })
  await writeFile(join(home.runtimeHome, 'models.json'), JSON.stringify(models))
  const port = await freePort()
  started.push({ home, port })
  const run = await runCli(['start', '--port', String(port)], home.env)
  expect(run.stderr + run.stdout).toContain('Started')
  expect(run.exitCode).toBe(0)
  return { home, port, record: await readRecord(home), stdout: run.stdout }
}

async function readRecord(home: TestHome): Promise<DaemonRecord> {
  return JSON.parse(await readFile(join(home.runtimeHome, 'daemon.json'), 'utf8')) as DaemonRecord
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

afterEach(async () => {
  for (const { home } of started.splice(0)) await runCli(['stop'], home.env)
})

describe('daemon lifecycle', () => {
  test('start → status → stop leaves no process behind', async () => {
    const { home, port, record } = await startDaemon()
    expect(isAlive(record.pid)).toBe(true)
    expect(isAlive(record.workerdPid)).toBe(true)

    const health = await getJson(`http://127.0.0.1:${port}/health`)
    expect(health.body).toMatchObject({ ok: true, models: 0, instance: record.instance })

    const status = await runCli(['status', '--port', String(port)], home.env)
    expect(status.exitCode).toBe(0)
    expect(status.stdout).toContain(`Running on http://127.0.0.1:${port}`)

    const stop = await runCli(['stop'], home.env)
    expect(stop.exitCode).toBe(0)
    expect(stop.stdout).toContain('Stopped')
    expect(isAlive(record.pid)).toBe(false)
    expect(isAlive(record.workerdPid)).toBe(false)
    await expect(readFile(join(home.runtimeHome, 'daemon.json'))).rejects.toThrow()

    const after = await runCli(['status'], home.env)
    expect(after.exitCode).toBe(1)
    expect(after.stdout).toContain('stopped')
  })

  test('restart replaces the daemon with a fresh, healthy one', async () => {
    const { home, port, record } = await startDaemon()
    const run = await runCli(['restart', '--port', String(port)], home.env)
    expect(run.exitCode).toBe(0)
    const fresh = await readRecord(home)
    expect(fresh.pid).not.toBe(record.pid)
    expect(isAlive(record.pid)).toBe(false)
    expect((await getJson(`http://127.0.0.1:${port}/health`)).body).toMatchObject({
      ok: true,
      instance: fresh.instance,
    })
  })

  test('start twice is idempotent: the same daemon keeps running', async () => {
    const { home, port, record } = await startDaemon()
    const again = await runCli(['start', '--port', String(port)], home.env)
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toContain('Already running')
    expect((await readRecord(home)).pid).toBe(record.pid)
  })

  test('without reading any command line (as on Windows) start is still idempotent and stop still stops', async () => {
    const { home, port, record } = await startDaemon()
    const blind = { ...home.env, CODEX_SHIM_PROCESS_INSPECTOR: 'none' }
    const again = await runCli(['start', '--port', String(port)], blind)
    expect(again.stdout).toContain('Already running')
    expect((await readRecord(home)).pid).toBe(record.pid)
    expect((await runCli(['status', '--port', String(port)], blind)).exitCode).toBe(0)
    const stop = await runCli(['stop'], blind)
    expect(stop.stdout).toContain(`Stopped the gateway (pid ${record.pid})`)
    expect(isAlive(record.pid)).toBe(false)
    expect(isAlive(record.workerdPid)).toBe(false)
  })

  test('a killed daemon’s orphaned workerd is cleaned up by the next start', async () => {
    const { home, port, record } = await startDaemon()
    process.kill(record.pid, 'SIGKILL')
    await waitUntil(() => !isAlive(record.pid))
    // The orphan still holds the port and answers (HOST is gone, so not healthily): the situation to recover from.
    expect(isAlive(record.workerdPid)).toBe(true)
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBeGreaterThanOrEqual(200)

    const restart = await runCli(['start', '--port', String(port)], home.env)
    expect(restart.exitCode).toBe(0)
    expect(restart.stdout).toContain('Started')
    const fresh = await readRecord(home)
    expect(fresh.pid).not.toBe(record.pid)
    expect(isAlive(record.workerdPid)).toBe(false)
    expect((await getJson(`http://127.0.0.1:${port}/health`)).body).toMatchObject({ instance: fresh.instance })
  })

  test('two starts at once both succeed and leave one daemon', async () => {
    const home = await makeTestHome('race')
    await mkdir(home.runtimeHome, { recursive: true })
    const port = await freePort()
    started.push({ home, port })
    const runs = await Promise.all([
      runCli(['start', '--port', String(port)], home.env),
      runCli(['start', '--port', String(port)], home.env),
    ])
    expect(runs.map((run) => run.exitCode)).toEqual([0, 0])
    expect(runs.map((run) => run.stdout).join('\n')).toMatch(
      /Started[\s\S]*Already running|Already running[\s\S]*Started/,
    )
    const record = await readRecord(home)
    expect((await getJson(`http://127.0.0.1:${port}/health`)).body).toMatchObject({ instance: record.instance })
    const { execFileSync } = await import('node:child_process')
    const daemons = execFileSync('pgrep', ['-f', `start --foreground --port ${port}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
    expect(daemons).toEqual([String(record.pid)])
  })

  test('the log rotates by size while the daemon runs, keeping three old logs', async () => {
    const home = await makeTestHome('rotate')
    await mkdir(home.runtimeHome, { recursive: true })
    const port = await freePort()
    started.push({ home, port })
    const env = { ...home.env, CODEX_SHIM_LOG_MAX_BYTES: '4000' }
    expect((await runCli(['start', '--port', String(port)], env)).exitCode).toBe(0)
    for (let i = 0; i < 250; i++) await getJson(`http://127.0.0.1:${port}/health?n=${i}`)
    const logDir = join(home.runtimeHome, 'logs')
    const { readdir, stat } = await import('node:fs/promises')
    expect((await readdir(logDir)).sort()).toEqual(['gateway.log', 'gateway.log.1', 'gateway.log.2', 'gateway.log.3'])
    expect((await stat(join(logDir, 'gateway.log'))).size).toBeLessThanOrEqual(4000)
    expect((await stat(join(logDir, 'gateway.log.1'))).size).toBeLessThanOrEqual(4000)
    // The live log holds the newest requests, so rotation did not lose the daemon's output.
    await getJson(`http://127.0.0.1:${port}/health?n=last`)
    expect(await readFile(join(logDir, 'gateway.log'), 'utf8')).toContain('GET /health status=200')
  })

  test('a port held by another program gives exit 1 and a clear message, never a false "started"', async () => {
    const home = await makeTestHome('busy')
    const port = await freePort()
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      const run = await runCli(['start', '--port', String(port)], home.env)
      expect(run.exitCode).toBe(1)
      expect(run.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`)
      expect(run.stdout).not.toContain('Started')
      await expect(readFile(join(home.runtimeHome, 'daemon.json'))).rejects.toThrow()
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  test('an invalid models.json stops start with the file and JSON path, and no daemon', async () => {
    const home = await makeTestHome('invalid')
    await mkdir(home.runtimeHome, { recursive: true })
    const settingsPath = join(home.runtimeHome, 'models.json')
    await writeFile(settingsPath, JSON.stringify({ models: [{ model: 'm', provider: 'nope', base_url: 'https://x' }] }))
    const run = await runCli(['start', '--port', String(await freePort())], home.env)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain(settingsPath)
    expect(run.stderr).toContain('models[0].provider')
    await expect(readFile(join(home.runtimeHome, 'daemon.json'))).rejects.toThrow()
  })

  test.each(['SIGTERM', 'SIGHUP'] as const)(
    'start --foreground serves until %s, then exits 0 and removes its record',
    async (signal) => {
      const home = await makeTestHome('foreground')
      const port = await freePort()
      const child = spawn(process.execPath, [CLI, 'start', '--foreground', '--port', String(port)], {
        env: home.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
      await waitUntil(() => output.includes('listening on'), 30_000)
      expect((await getJson(`http://127.0.0.1:${port}/health`)).status).toBe(200)
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      // SIGHUP: the terminal (on Windows the console window) closed.
      child.kill(signal)
      expect(await exited).toBe(0)
      await expect(readFile(join(home.runtimeHome, 'daemon.json'))).rejects.toThrow()
    },
  )
})

describe('the running gateway', () => {
  const SECRET = 'sk-never-in-logs-7f3a9c'
  const ENV_SECRET = 'sk-env-secret-b81d44'

  test('picks up models.json edits without a restart, and reports a broken edit', async () => {
    const model = (name: string) => ({
      model: name,
      provider: 'generic-chat-completion-api',
      base_url: 'http://127.0.0.1:9/v1',
    })
    const { home, port } = await startDaemon({ models: [model('first')] })
    const auth = await authHeadersOf(home)
    const list = async () =>
      ((await getJson(`http://127.0.0.1:${port}/v1/models`, auth)).body as { data: { id: string }[] }).data.map(
        (entry) => entry.id,
      )
    expect(await list()).toEqual(['first'])

    // A request that reads its body checks the settings while it reads: the edit is seen there at once too.
    const post = (body: string) =>
      fetch(`http://127.0.0.1:${port}/v1/responses`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body,
      })
    expect((await post(JSON.stringify({ model: 'second', input: 'hi' }))).status).toBe(404)
    await writeFile(
      join(home.runtimeHome, 'models.json'),
      JSON.stringify({ models: [model('first'), model('second')] }),
    )
    expect(await list()).toEqual(['first', 'second'])
    expect((await post(JSON.stringify({ model: 'second', input: 'hi' }))).status).not.toBe(404)

    await writeFile(join(home.runtimeHome, 'models.json'), '{"models": [')
    const health = await getJson(`http://127.0.0.1:${port}/health`)
    expect(health.status).toBe(503)
    expect(JSON.stringify(health.body)).toContain('models.json is not valid JSON')
    // The broken settings are reported before a broken body, as when one was checked after the other.
    const refused = await post('{not json')
    expect(refused.status).toBe(500)
    expect(await refused.text()).toContain('models.json is not valid JSON')
  })

  test('logs one summary line per request and never a key or a prompt', async () => {
    const home = await makeTestHome('logs')
    await mkdir(home.runtimeHome, { recursive: true })
    await writeFile(
      join(home.runtimeHome, 'models.json'),
      JSON.stringify({
        models: [
          { model: 'keyed', provider: 'openai', base_url: 'http://127.0.0.1:9/v1', api_key: SECRET },
          {
            model: 'env-keyed',
            provider: 'openai',
            base_url: 'http://127.0.0.1:9/v1',
            api_key_env: 'TEST_UPSTREAM_KEY',
          },
        ],
      }),
    )
    const port = await freePort()
    started.push({ home, port })
    const run = await runCli(['start', '--port', String(port)], { ...home.env, TEST_UPSTREAM_KEY: ENV_SECRET })
    expect(run.exitCode).toBe(0)

    const auth = await authHeadersOf(home)
    await getJson(`http://127.0.0.1:${port}/health`)
    await getJson(`http://127.0.0.1:${port}/v1/models`, auth)
    await fetch(`http://127.0.0.1:${port}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ model: 'keyed', input: 'PROMPT-TEXT-THAT-MUST-NOT-BE-LOGGED' }),
    })
    await fetch(`http://127.0.0.1:${port}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: '{"model": "keyed", broken',
    })
    await runCli(['stop'], home.env)

    const log = await readFile(join(home.runtimeHome, 'logs', 'gateway.log'), 'utf8')
    const requestLines = log.split('\n').filter((line) => line.includes('[request]'))
    expect(requestLines.some((line) => /GET \/v1\/models status=200 bytes=\d+ ms=\d+/.test(line))).toBe(true)
    expect(requestLines.some((line) => /POST \/v1\/responses status=\d+ slug=keyed route=openai/.test(line))).toBe(true)
    expect(requestLines.some((line) => /POST \/v1\/responses status=400 error=invalid_json/.test(line))).toBe(true)
    expect(log).not.toContain(SECRET)
    expect(log).not.toContain(ENV_SECRET)
    expect(log).not.toContain('PROMPT-TEXT')
  })
})
