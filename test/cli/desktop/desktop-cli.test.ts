import { describe, expect, test } from 'vitest'
import { makeTestHome, runCli } from '../../kit/cli-runner'

// The built CLI on this (Linux) machine: no Desktop app, so status explains and patch/restore refuse.
describe.skipIf(process.platform !== 'linux')('codex-shim desktop on Linux', () => {
  test('status says there is no Desktop app to patch and points to the CLI', async () => {
    const home = await makeTestHome('desktop')
    const run = await runCli(['desktop', 'status'], home.env)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('Codex Desktop: cannot patch: there is no Codex Desktop app for Linux')
    expect(run.stdout).toContain('codex-shim codex')
  })

  test('status --json gives the verdict for scripts', async () => {
    const home = await makeTestHome('desktop')
    const run = await runCli(['desktop', 'status', '--json'], home.env)
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'cannot-patch', app: null, checks: [{ level: 'info' }] })
  })

  test.each([
    [['desktop', 'patch'], 'Cannot patch: there is no Codex Desktop app for Linux'],
    [['desktop', 'patch', '--dry-run'], 'Cannot patch: there is no Codex Desktop app for Linux'],
    [['patch-app'], 'Cannot patch: there is no Codex Desktop app for Linux'],
    [['desktop', 'restore'], 'Cannot restore: there is no Codex Desktop app for Linux'],
    [['restore-app'], 'Cannot restore: there is no Codex Desktop app for Linux'],
  ])('%j exits 1 with that message and the CLI hint', async (args, message) => {
    const home = await makeTestHome('desktop')
    const run = await runCli(args, home.env)
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain(message)
    expect(run.stderr).toContain('codex-shim enable')
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/)
  })

  test('doctor has a Codex Desktop section that does not fail', async () => {
    const home = await makeTestHome('desktop')
    const run = await runCli(['doctor', '--json'], home.env)
    const report = JSON.parse(run.stdout) as {
      sections: { title: string; lines: { level: string; message: string }[] }[]
    }
    const section = report.sections.find((entry) => entry.title === 'Codex Desktop')
    expect(section?.lines[0]).toMatchObject({
      level: 'info',
      message: expect.stringContaining('cannot patch: there is no Codex Desktop app for Linux'),
    })
  })
})
