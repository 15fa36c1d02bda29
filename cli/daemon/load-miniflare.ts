import { createRequire } from 'node:module'

/**
 * Miniflare through `require`, not `import()`: its entry is one CommonJS file of several MB, and importing CommonJS
 * from an ES module makes Node also run its export lexer over the whole file and detect its module format, about
 * 0.35 s of the daemon's start on top of compiling it (measured with `--cpu-prof`; `require` compiles it only).
 * Called only where the gateway starts: loading Miniflare at all costs ~0.25 s that no other command should pay.
 */
export function loadMiniflare(): typeof import('miniflare') {
  return createRequire(import.meta.url)('miniflare') as typeof import('miniflare')
}
