import childProcess from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { afterEach, expect, test } from 'vitest'
import { withWorkerdSpawnWatch } from '../../cli/daemon/workerd-spawn'

const originalSpawn = childProcess.spawn
afterEach(() => {
  childProcess.spawn = originalSpawn
})

test('Miniflare’s workerd spawn gets windowsHide (no console window on Windows) and its pid is known without /proc', async () => {
  const seen: { command: unknown; options: unknown }[] = []
  // Below the watch, as the real spawn: records what Miniflare's call became.
  childProcess.spawn = function recording(this: unknown, ...args: unknown[]) {
    seen.push({ command: args[0], options: args[2] })
    return (originalSpawn as (...values: unknown[]) => childProcess.ChildProcess).apply(this, args)
  } as typeof childProcess.spawn
  const { Miniflare } = await import('miniflare')
  const {
    value: miniflare,
    workerdPid,
    workerdMark,
  } = await withWorkerdSpawnWatch(async () => {
    const instance = new Miniflare({
      modules: true,
      script: 'export default { fetch: () => new Response("ok") }',
      compatibilityDate: '2026-04-01',
      cf: false,
    })
    await instance.ready
    return instance
  })
  try {
    const workerd = seen.find((call) => typeof call.command === 'string' && /workerd(\.exe)?$/.test(call.command))
    expect(workerd?.options).toMatchObject({ windowsHide: true, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] })
    expect(workerdPid).toBeGreaterThan(0)
    expect(await readFile(`/proc/${workerdPid}/cmdline`, 'utf8')).toContain('workerd')
    // The run's mark is one whole argument of that workerd's command line.
    expect(workerdMark).toMatch(/^--external-addr=loopback=127\.0\.0\.1:\d+$/)
    expect((await readFile(`/proc/${workerdPid}/cmdline`, 'utf8')).split('\0')).toContain(workerdMark)
    expect(childProcess.spawn).not.toBe(originalSpawn)
  } finally {
    await miniflare.dispose()
  }
  // The watch is gone once Miniflare is up: later spawns are not touched.
  childProcess.spawn = originalSpawn
  await withWorkerdSpawnWatch(async () => undefined)
  expect(childProcess.spawn).toBe(originalSpawn)
})
