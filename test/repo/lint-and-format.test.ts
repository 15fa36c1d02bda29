import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIOME = fileURLToPath(new URL('../../node_modules/@biomejs/biome/bin/biome', import.meta.url))

// `npm test` is what CI runs, so the linter and the formatter run here: a change that breaks either fails CI with
// Biome's own report (`npm run format` fixes the formatting, `npm run lint` shows the same report).
test('the tree passes biome ci: formatted, and no lint finding', () => {
  const run = spawnSync(process.execPath, [BIOME, 'ci', '.', '--colors=off', '--max-diagnostics=50'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)
}, 60_000)
