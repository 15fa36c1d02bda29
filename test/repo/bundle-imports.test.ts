import { readFileSync } from 'node:fs'
import { transform } from 'esbuild'
import { expect, test } from 'vitest'

// Both bundles are built by `npm test` (scripts/build.mjs) before the tests run.
const bundle = (name: string) => readFileSync(new URL(`../../dist/${name}`, import.meta.url), 'utf8')

/**
 * The module specifiers a bundle imports: static `import … from`, bare `import "…"`, `export … from` and
 * `import("…")`. Not anchored to lines: the worker bundle is minified onto a few long lines.
 */
function importsOf(code: string): { static: string[]; dynamic: string[] } {
  const capture = (pattern: RegExp) => [...code.matchAll(pattern)].map((match) => match[1] ?? '')
  return {
    static: capture(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g),
    dynamic: capture(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  }
}

test('the import reader finds every kind of import in minified code (so the checks below cannot pass vacuously)', async () => {
  const { code } = await transform(
    'import "cloudflare:sockets"; import { a } from "./a.js"; import * as b from "./b.js"; export { c } from "./c.js"; export default () => [a, b, import("./d.js")]',
    { format: 'esm', minify: true },
  )
  expect(code.trim().split('\n')).toHaveLength(1)
  const found = importsOf(code)
  expect(found.static.sort()).toEqual(['./a.js', './b.js', './c.js', 'cloudflare:sockets'])
  expect(found.dynamic).toEqual(['./d.js'])
})

test('the worker bundle imports no file of its own, so Miniflare can be given it as its one module', () => {
  const found = importsOf(bundle('worker.js'))
  const own = [...found.static, ...found.dynamic].filter((specifier) => !/^(cloudflare|node|workerd):/.test(specifier))
  expect(own).toEqual([])
})

test('the CLI loads Miniflare, the ASAR reader and the JSONC parser only where they are used, with require', () => {
  const found = importsOf(bundle('cli.js'))
  expect(found.static).toContain('citty') // the reader sees the bundle's imports at all
  for (const onDemand of ['miniflare', '@electron/asar', 'jsonc-parser']) {
    expect(found.static).not.toContain(onDemand)
    // import() of CommonJS costs the export lexer and format detection on top (cli/lazy-package.ts).
    expect(found.dynamic).not.toContain(onDemand)
  }
})
