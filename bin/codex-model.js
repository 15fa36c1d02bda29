#!/usr/bin/env node
// `codex-model` and `codex-model list` list models; `codex-model SLUG` is `codex-shim model use SLUG`.
const [first] = process.argv.slice(2)
if (first === undefined || first === 'list') process.argv.splice(2, first === undefined ? 0 : 1, 'model', 'list')
else process.argv.splice(2, 0, 'model', 'use')
await import('../dist/cli.js')
