import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { authHeadersOf, freePort, makeTestHome, runCli, type TestHome } from './cli-runner'
import { startMockUpstream, type MockUpstream } from './mock-upstream'

export interface GatewayHarness {
  /** e.g. http://127.0.0.1:PORT */
  url: string
  port: number
  upstream: MockUpstream
  home: TestHome
  /** The daemon's gateway token, which every client must send. */
  token: string
  /** `Authorization: Bearer <token>`, for direct calls to the gateway. */
  authHeaders: { authorization: string }
  stop: () => Promise<void>
}

export interface HarnessOptions {
  /** Model rows for models.json; `base_url` defaults to the mock upstream. */
  models: Record<string, unknown>[]
  /** Extra environment for the daemon (timeouts, keys). */
  env?: NodeJS.ProcessEnv
  /** Other top-level blocks of models.json (`router`, `cursor`). */
  settings?: Record<string, unknown>
}

/**
 * The real thing, on loopback: the built CLI starts the daemon (Miniflare + workerd) in a throwaway home, its
 * models point at a scripted mock upstream. Used by gateway and Codex end-to-end tests and the benchmarks.
 */
export async function startGatewayHarness(options: HarnessOptions): Promise<GatewayHarness> {
  const upstream = await startMockUpstream()
  const home = await makeTestHome('gateway')
  await mkdir(home.runtimeHome, { recursive: true })
  // As on a machine with Codex installed (the worker reads its auth.json and config.toml through links either way).
  await mkdir(home.codexHome, { recursive: true })
  const models = options.models.map((row) => ({ base_url: `${upstream.url}/v1`, ...row }))
  await writeFile(join(home.runtimeHome, 'models.json'), JSON.stringify({ models, ...options.settings }))
  home.env = { ...home.env, ...options.env }
  const port = await freePort()
  const started = await runCli(['start', '--port', String(port)], home.env)
  if (started.exitCode !== 0) {
    await upstream.close()
    throw new Error(`gateway did not start: ${started.stderr}`)
  }
  const authHeaders = await authHeadersOf(home)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    upstream,
    home,
    token: authHeaders.authorization.slice('Bearer '.length),
    authHeaders,
    stop: async () => {
      await runCli(['stop'], home.env)
      await upstream.close()
    },
  }
}
