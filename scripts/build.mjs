// Bundles the worker (for workerd) and the CLI (for Node) with esbuild, and copies the compatibility settings
// from wrangler.toml next to the worker, because Miniflare does not read wrangler.toml.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { build } from 'esbuild'
import { parse } from 'smol-toml'

const root = new URL('../', import.meta.url)
const dist = new URL('dist/', root)
await mkdir(dist, { recursive: true })

await Promise.all([
  build({
    entryPoints: [new URL('worker/index.ts', root).pathname],
    outfile: new URL('worker.js', dist).pathname,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  }),
  build({
    entryPoints: [new URL('cli/main.ts', root).pathname],
    outfile: new URL('cli.js', dist).pathname,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Runtime dependencies stay in node_modules; only our own code is bundled.
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  }),
])

const wrangler = parse(await readFile(new URL('wrangler.toml', root), 'utf8'))
const workerConfig = {
  compatibilityDate: wrangler.compatibility_date,
  compatibilityFlags: wrangler.compatibility_flags ?? [],
}
await writeFile(new URL('worker-config.json', dist), `${JSON.stringify(workerConfig, null, 2)}\n`)
