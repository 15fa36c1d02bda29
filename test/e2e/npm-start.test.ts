import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { freePort, getJson, makeTestHome } from '../kit/cli-runner'

const projectRoot = fileURLToPath(new URL('../../', import.meta.url))

test('`npm start` (the README’s command) serves /health on loopback until interrupted', async () => {
  const home = await makeTestHome('npm-start')
  const port = await freePort()
  // npm appends arguments after `--` to the script, so only the port differs from what users run.
  const child = spawn('npm', ['start', '--silent', '--', '--port', String(port)], {
    cwd: projectRoot,
    env: home.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  try {
    const deadline = Date.now() + 45_000
    while (!output.includes('listening on') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50))
    expect(output).toContain(`listening on http://127.0.0.1:${port}`)
    const health = await getJson(`http://127.0.0.1:${port}/health`)
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ ok: true, models: 0, chatgpt_passthrough: false })
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    // npm does not forward signals reliably on every version; signal the whole process group like Ctrl-C does.
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGINT')
    await exited
  }
})
