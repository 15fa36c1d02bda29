// Bundles the worker (for workerd) and the CLI (for Node) with esbuild, and copies the compatibility settings
// from wrangler.toml next to the worker, because Miniflare does not read wrangler.toml.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { parse } from 'smol-toml'

const root = new URL('../', import.meta.url)
const dist = new URL('dist/', root)
// A file path, not URL.pathname: that gives /C:/... on Windows and keeps %20 for spaces, which esbuild cannot resolve.
const pathOf = (relative, base = root) => fileURLToPath(new URL(relative, base))
await mkdir(dist, { recursive: true })

// workerd has no Windows-on-ARM build; npm's install already failed in workerd's script if we got here that way.
if (process.platform === 'win32' && process.arch === 'arm64') {
  console.warn(
    'codex-shim: workerd has no native Windows-on-ARM build, so the gateway cannot run on ARM64 Node.js. Install the x64 build of Node.js (it runs under emulation) and run npm install again.',
  )
}

await Promise.all([
  build({
    entryPoints: [pathOf('worker/index.ts')],
    outfile: pathOf('worker.js', dist),
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
    entryPoints: [pathOf('cli/main.ts')],
    outfile: pathOf('cli.js', dist),
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
