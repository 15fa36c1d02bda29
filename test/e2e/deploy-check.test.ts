import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe('npm run deploy:check', () => {
  test('bundles the team environment offline (wrangler deploy --dry-run) with its bindings', () => {
    const run = spawnSync('npm', ['run', 'deploy:check'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: '1' },
      timeout: 90_000,
    })
    const output = run.stdout + run.stderr
    expect(output).toContain('--dry-run: exiting now.')
    expect(output).toContain('env.ROUTER_CACHE')
    expect(output).toContain('CODEX_SHIM_ACCESS_TEAM_DOMAIN')
    expect(run.status).toBe(0)
  })
})
