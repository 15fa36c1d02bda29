#!/usr/bin/env node
// `codex-app [PATH]` is `codex-shim app [PATH]`; an npm bin, so it works in PowerShell and cmd too.
process.argv.splice(2, 0, 'app')
await import('../dist/cli.js')
