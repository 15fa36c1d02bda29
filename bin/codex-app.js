#!/usr/bin/env node
// `codex-app [PATH]` is `codex-shim app [PATH]`. An npm bin: cmd and POSIX shells run it, PowerShell too where
// its execution policy allows npm's .ps1 shims (else `codex-app.cmd`; README, Windows).
process.argv.splice(2, 0, 'app')
await import('../dist/cli.js')
