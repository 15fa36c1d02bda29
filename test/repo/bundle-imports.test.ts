import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'

// Both bundles are built by `npm test` (scripts/build.mjs) before the tests run.
const bundle = (name: string) => readFileSync(new URL(`../../dist/${name}`, import.meta.url), 'utf8')

/** What a bundle imports at its top level: the specifiers of its static `import … from` and `export … from`. */
function staticImports(code: string): string[] {
  return [...code.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm)].map((match) => match[1] ?? '')
}

test('the worker bundle imports no file of its own, so Miniflare can be given it as its one module', () => {
  const code = bundle('worker.js')
  const own = [
    ...staticImports(code),
    ...[...code.matchAll(/\bimport\(\s*["']([^"']+)["']/g)].map((m) => m[1] ?? ''),
  ].filter((specifier) => !/^(cloudflare|node|workerd):/.test(specifier))
  expect(own).toEqual([])
})

test('the CLI loads Miniflare, the ASAR reader and the JSONC parser only where they are used, with require', () => {
  const code = bundle('cli.js')
  const imports = staticImports(code)
  expect(imports).toContain('citty') // the check reads the bundle's imports at all
  for (const onDemand of ['miniflare', '@electron/asar', 'jsonc-parser']) {
    expect(imports).not.toContain(onDemand)
    // import() of CommonJS costs the export lexer and format detection on top (cli/lazy-package.ts).
    expect(code).not.toMatch(new RegExp(`\\bimport\\(\\s*["']${onDemand}["']`))
  }
})
