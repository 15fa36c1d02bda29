// Cold start of `codex-shim start` until /health answers: runs it 5 times in a throwaway home on a free port
// and prints each time and the median. Usage: npm run build && node scripts/measure-cold-start.mjs
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'codex-shim-cold-start-'))
const env = { ...process.env, HOME: root, CODEX_SHIM_HOME: join(root, '.codex-shim'), CODEX_HOME: join(root, '.codex') }

const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address()
    server.close(() => resolve(port))
  })
})

const runs = []
for (let i = 0; i < 5; i++) {
  const startedAt = process.hrtime.bigint()
  // `start` returns only once /health answers with the id of the daemon it spawned.
  execFileSync(process.execPath, [cli, 'start', '--port', String(port)], { env, stdio: 'ignore' })
  runs.push(Number(process.hrtime.bigint() - startedAt) / 1e6)
  execFileSync(process.execPath, [cli, 'stop'], { env, stdio: 'ignore' })
}
const median = [...runs].sort((a, b) => a - b)[2]
console.log(`runs (ms): ${runs.map((ms) => ms.toFixed(0)).join(', ')}`)
console.log(`median cold start to healthy /health: ${median.toFixed(0)} ms (node ${process.version})`)
