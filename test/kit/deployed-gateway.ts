import { readFile } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { parse } from 'smol-toml'

const root = new URL('../../', import.meta.url)

export interface DeployedGateway {
  url: string
  /** Every line the worker logged (Workers Logs, as `wrangler tail` would show them). */
  logs: string[]
  stop: () => Promise<void>
}

/**
 * The deployed configuration, run locally: the built worker (dist/worker.js, the same bundle) under workerd
 * through Miniflare with wrangler.toml's `[env.team]` vars, a real KV namespace, no HOST binding, and the
 * secrets the test gives (CODEX_SHIM_SETTINGS, keys, the bearer token) as bindings, as Cloudflare would.
 */
export async function startDeployedGateway(secrets: Record<string, string>): Promise<DeployedGateway> {
  const { Miniflare, Log, LogLevel } = await import('miniflare')
  const wrangler = parse(await readFile(new URL('wrangler.toml', root), 'utf8')) as {
    compatibility_date: string
    compatibility_flags?: string[]
    env: { team: { vars?: Record<string, string> } }
  }
  const logs: string[] = []
  const miniflare = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    modules: true,
    scriptPath: fileURLToPath(new URL('dist/worker.js', root)),
    modulesRoot: fileURLToPath(new URL('dist/', root)),
    compatibilityDate: wrangler.compatibility_date,
    compatibilityFlags: wrangler.compatibility_flags ?? [],
    kvNamespaces: { ROUTER_CACHE: 'router-cache' },
    bindings: { ...wrangler.env.team.vars, ...secrets },
    cf: false,
    log: new Log(LogLevel.WARN),
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      for (const stream of [stdout, stderr])
        stream.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean)))
    },
  })
  const url = (await miniflare.ready).toString().replace(/\/$/, '')
  return { url, logs, stop: () => miniflare.dispose() }
}
