import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/** The built CLI (npm test builds first), run exactly as users run it. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

export interface CliRun {
  stdout: string
  stderr: string
  exitCode: number
}

export interface TestHome {
  /** Stands in for $HOME; the runtime home and CODEX_HOME live inside it. */
  root: string
  runtimeHome: string
  codexHome: string
  env: NodeJS.ProcessEnv
}

/** A throwaway HOME, so no test ever touches the real ~/.codex-shim or ~/.codex. */
export async function makeTestHome(name = 'home'): Promise<TestHome> {
  const root = await mkdtemp(join(tmpdir(), `codex-shim-${name}-`))
  const runtimeHome = join(root, '.codex-shim')
  const codexHome = join(root, '.codex')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: root,
    USERPROFILE: root,
    CODEX_SHIM_HOME: runtimeHome,
    CODEX_HOME: codexHome,
    NO_COLOR: '1',
  }
  delete env.CODEX_SHIM_DISABLE_CHATGPT
  delete env.CODEX_SHIM_ALLOWED_HOSTS
  return { root, runtimeHome, codexHome, env }
}

/** Runs from the test's HOME, so nothing depends on being started inside the checkout. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], { env, timeout: timeoutMs, cwd: env.HOME })
    return { stdout, stderr, exitCode: 0 }
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; code?: number }
    return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', exitCode: typeof failure.code === 'number' ? failure.code : 1 }
  }
}

/** A port nothing listens on right now (the OS picks it, so parallel test files do not collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url)
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) }
}
