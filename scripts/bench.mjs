// `npm run bench`: bundles the benchmark (TypeScript, beside this file) with esbuild and runs it. It starts the
// real daemon and a local upstream on loopback, and writes bench/results.json and bench/results.md.
// `npm run bench:builds -- <dist copy> ...` bundles and runs scripts/bench/compare-builds.ts the same way, and
// `npm run bench:readme` scripts/bench/update-readme.ts (README's performance table from bench/results.json).
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const TOOLS = new Set(['run-bench', 'compare-builds', 'update-readme'])
const [tool, ...args] = TOOLS.has(process.argv[2]) ? process.argv.slice(2) : ['run-bench', ...process.argv.slice(2)]
const root = new URL('../', import.meta.url)
const out = new URL(`bench/.build/${tool}.mjs`, root)
mkdirSync(new URL('bench/.build/', root), { recursive: true })
await build({
  // File paths, not URL.pathname (/C:/... on Windows, %20 for spaces).
  entryPoints: [fileURLToPath(new URL(`scripts/bench/${tool}.ts`, root))],
  outfile: fileURLToPath(out),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
// The tool reads its own arguments from process.argv, as if it had been run directly.
process.argv = [process.argv[0], fileURLToPath(out), ...args]
await import(out.href)
