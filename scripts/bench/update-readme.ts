import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchResults } from './bench-results'
import { readmeTable, withReadmeTable } from './readme-table'

/**
 * `npm run bench:readme`: README.md's performance table from the last `npm run bench` (bench/results.json), so the
 * table is always one run's figures, never figures copied by hand from several. Only the lines between the table's
 * markers change; the prose around it (what the misses are made of) is the author's to keep true.
 */
const root = fileURLToPath(new URL('../../', import.meta.url))
const resultsPath = join(root, 'bench/results.json')
const readmePath = join(root, 'README.md')

let results: BenchResults
try {
  results = JSON.parse(readFileSync(resultsPath, 'utf8')) as BenchResults
} catch (error) {
  fail(`cannot read bench/results.json (${(error as Error).message}): run \`npm run bench\` first.`)
}
let readme: string
try {
  const table = readmeTable(results)
  readme = withReadmeTable(readFileSync(readmePath, 'utf8'), table)
} catch (error) {
  if (error instanceof Error) fail(error.message)
  throw error
}
// Written beside it and renamed over it: an interrupted write never leaves half a README.
const temporary = `${readmePath}.${process.pid}.tmp`
writeFileSync(temporary, readme)
renameSync(temporary, readmePath)
process.stdout.write(`README.md: performance table from the run of ${results.machine.date}\n`)

function fail(message: string): never {
  process.stderr.write(`bench:readme: ${message}\n`)
  process.exit(1)
}
