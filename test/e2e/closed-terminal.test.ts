import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { CLI, freePort, makeTestHome } from '../kit/cli-runner'

/** User + system CPU time of a process so far, in clock ticks (1/100 s on Linux). */
/** /health's status, or 0 when the daemon does not answer within 5 s. */
const healthStatus = (port: number) =>
  fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5000) }).then(
    (response) => response.status,
    () => 0,
  )

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return Number(fields[11]) + Number(fields[12])
}

// `codex-shim start --foreground 2>&1 | head`, or a terminal that went away: every log line then fails with
// EPIPE. Such a failure is an error event on process.stderr; unhandled, it became an uncaught exception whose
// own log line failed the same way, and the daemon spun at 100 % CPU and no longer stopped on SIGTERM.
test('a foreground daemon whose output pipe is closed keeps serving, stays idle, and stops on SIGTERM', async () => {
  const home = await makeTestHome('closed-terminal')
  const port = await freePort()
  const child = spawn(process.execPath, [CLI, 'start', '--foreground', '--port', String(port)], {
    env: home.env,
    cwd: home.root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  try {
    let output = ''
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const deadline = Date.now() + 45_000
    while (!output.includes('listening on') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50))
    expect(output).toContain('listening on')

    // The reader goes away, as `head` does after its lines or a closed terminal does.
    child.stdout.destroy()
    child.stderr.destroy()
    for (let i = 0; i < 5; i++) expect(await healthStatus(port)).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 300))

    const pid = child.pid as number
    const before = cpuTicks(pid)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    // A spinning daemon burns ~100 ticks a second; an idle one a handful at most.
    expect(cpuTicks(pid) - before).toBeLessThan(30)
    expect(await healthStatus(port)).toBe(200)

    child.kill('SIGTERM')
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000)),
    ])
    expect(code).not.toBe('still running')
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  }
})
