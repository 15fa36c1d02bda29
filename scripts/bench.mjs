// `npm run bench`: bundles the benchmark (TypeScript, beside this file) with esbuild and runs it. It starts the
// real daemon and a local upstream on loopback, and writes bench/results.json and bench/results.md.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = new URL('../', import.meta.url)
const out = new URL('bench/.build/run-bench.mjs', root)
mkdirSync(new URL('bench/.build/', root), { recursive: true })
await build({
  // File paths, not URL.pathname (/C:/... on Windows, %20 for spaces).
  entryPoints: [fileURLToPath(new URL('scripts/bench/run-bench.ts', root))],
  outfile: fileURLToPath(out),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
await import(out.href)
