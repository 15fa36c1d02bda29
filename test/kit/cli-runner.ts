import { spawn } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

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

/**
 * Runs the built CLI from the test's HOME (so nothing depends on starting inside the checkout), with stdin
 * closed as in a script: a child like Codex would otherwise wait for the pipe's EOF.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { env, cwd: env.HOME, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ stdout, stderr, exitCode: code ?? 1 })
    })
  })
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

/** The gateway token the daemon created in a test home, as clients must send it. */
export async function authHeadersOf(home: Pick<TestHome, 'runtimeHome'>): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${(await readFile(join(home.runtimeHome, 'token'), 'utf8')).trim()}` }
}

export async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) }
}
