import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The pinned `@openai/codex` devDependency's launcher, our acceptance client; CODEX_SHIM_TEST_CODEX_BIN runs the
 * suite against another release's `bin/codex.js` (the previous pin, say), to keep both accepting what we send.
 */
export const CODEX_BIN =
  process.env.CODEX_SHIM_TEST_CODEX_BIN ??
  fileURLToPath(new URL('../../node_modules/@openai/codex/bin/codex.js', import.meta.url))

export interface CodexRun {
  stdout: string
  stderr: string
  exitCode: number
}

/**
 * Runs the real Codex CLI with a throwaway CODEX_HOME and stdin closed: with stdin on a pipe Codex waits for EOF
 * and reads it as extra prompt (reference/codex-client.md §2, gotcha 1).
 */
export async function runCodex(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<CodexRun> {
  const codexHome = options.env?.CODEX_HOME ?? (await mkdtemp(join(tmpdir(), 'codex-home-')))
  const child = spawn(process.execPath, [CODEX_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, CODEX_HOME: codexHome, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group when it may be killed: the launcher runs the native binary as a child, which must die too.
    detached: options.signal !== undefined,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  // A test that plays a user walking away: Codex dies at once, its connection to the gateway with it.
  options.signal?.addEventListener('abort', () => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), {
    once: true,
  })
  const exitCode = await new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? 124)))
  clearTimeout(timer)
  return { stdout, stderr, exitCode }
}
