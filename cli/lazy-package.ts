import { createRequire } from 'node:module'

const requireFromHere = createRequire(import.meta.url)

/**
 * A CommonJS package loaded on first use, through `require`: every command starts by loading the whole CLI bundle,
 * so a package only some commands need (Miniflare for the daemon, the ASAR reader for the Desktop app) would
 * otherwise cost every start, the daemon's included. `require`, not `import()`: importing CommonJS from an ES module
 * makes Node also run its export lexer over the package and detect its format (about 0.35 s more for Miniflare's
 * 3.7 MB entry, measured with `--cpu-prof`), and it keeps a synchronous caller synchronous.
 */
export function lazyPackage<Package>(name: string): () => Package {
  let loaded: Package | undefined
  return () => {
    loaded ??= requireFromHere(name) as Package
    return loaded
  }
}
