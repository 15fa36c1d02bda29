import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/** The pinned `@openai/codex` devDependency's launcher, our acceptance client. */
export const CODEX_BIN = fileURLToPath(new URL('../../node_modules/@openai/codex/bin/codex.js', import.meta.url))

export interface CodexRun {
  stdout: string
  stderr: string
  exitCode: number
}

/** Runs the real Codex CLI with a throwaway CODEX_HOME, no stdin (Codex waits for EOF on a pipe) and no telemetry. */
export async function runCodex(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CodexRun> {
  const codexHome = options.env?.CODEX_HOME ?? (await mkdtemp(join(tmpdir(), 'codex-home-')))
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CODEX_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, CODEX_HOME: codexHome, NO_COLOR: '1' },
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    return { stdout, stderr, exitCode: 0 }
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; code?: number }
    return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', exitCode: typeof failure.code === 'number' ? failure.code : 1 }
  }
}
