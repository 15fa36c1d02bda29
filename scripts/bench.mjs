// `npm run bench`: bundles the benchmark (TypeScript, beside this file) with esbuild and runs it. It starts the
// real daemon and a local upstream on loopback, and writes bench/results.json and bench/results.md.
import { mkdirSync } from 'node:fs'
import { build } from 'esbuild'

const root = new URL('../', import.meta.url)
const out = new URL('bench/.build/run-bench.mjs', root)
mkdirSync(new URL('bench/.build/', root), { recursive: true })
await build({
  entryPoints: [new URL('scripts/bench/run-bench.ts', root).pathname],
  outfile: out.pathname,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
await import(out.href)
