import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const BIOME = fileURLToPath(new URL('../../node_modules/@biomejs/biome/bin/biome', import.meta.url))
const PLUGIN = fileURLToPath(new URL('../../scripts/lint/object-literal-accessors.grit', import.meta.url))

/** Biome's lint of one file, in a folder of its own whose configuration has only our plugin. */
function lintAlone(source: string): { status: number | null; findings: number } {
  const folder = mkdtempSync(join(tmpdir(), 'codex-shim-lint-'))
  try {
    writeFileSync(join(folder, 'biome.json'), JSON.stringify({ plugins: [PLUGIN] }))
    writeFileSync(join(folder, 'probe.ts'), source)
    const run = spawnSync(process.execPath, [BIOME, 'lint', '.', '--colors=off'], { cwd: folder, encoding: 'utf8' })
    const findings = `${run.stdout}${run.stderr}`.split('No accessor in an object literal').length - 1
    return { status: run.status, findings }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

// The tree-wide check is `biome ci` (lint-and-format.test.ts); this shows that the plugin it loads finds what it
// must, and only that.
test('an accessor in an object literal is a lint error, a getter and a setter alike', () => {
  const result = lintAlone(
    [
      'export const counter = (start: number) => {',
      '  let count = start',
      '  return {',
      '    get count() { return count },',
      '    set count(next: number) { count = next },',
      '  }',
      '}',
      '',
    ].join('\n'),
  )
  expect(result.findings).toBe(2)
  expect(result.status).not.toBe(0)
})

test('a method in an object literal and a class accessor are not', () => {
  const result = lintAlone(
    [
      'export const counter = (count: number) => ({ count: () => count })',
      'export class Counter {',
      '  #count = 0',
      '  get count() { return this.#count }',
      '}',
      '',
    ].join('\n'),
  )
  expect(result.findings).toBe(0)
  expect(result.status).toBe(0)
})
