import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GatewayHarness } from './gateway-harness'
import { runCodex } from './codex-cli'

export interface CodexExecResult {
  exitCode: number
  /** `--json` events, one per line. */
  events: Record<string, unknown>[]
  stderr: string
  stdout: string
  lastMessage: string
  workDir: string
}

export interface CodexExecOptions {
  gateway: GatewayHarness
  model: string
  prompt: string
  /** Extra arguments before the prompt (e.g. `-i image.png`). */
  args?: string[]
  /** Later `-c` settings win, so tests can raise retries. */
  config?: Record<string, string | number>
  /**
   * `off` (the default) sets both retry budgets to 0 so a failure ends the run at once; `codex-defaults` sets
   * neither, so Codex retries exactly as it does for users (reference/codex-client.md §5).
   */
  retries?: 'off' | 'codex-defaults'
  workDir?: string
  timeoutMs?: number
  /** `--json` events on stdout (default); false gives Codex's human output, e.g. its "context compacted" line. */
  isJson?: boolean
  /** Codex's sandbox instead of none (the default bypasses it, as the work dir is a throwaway). */
  sandbox?: 'read-only' | 'workspace-write'
  /** Aborting kills Codex mid-turn. */
  signal?: AbortSignal
  /** A CODEX_HOME to keep between runs: the session is then recorded (not ephemeral), so a later run can resume it. */
  codexHome?: string
  /** A recorded thread to continue with this prompt (`codex exec resume`); needs the same `codexHome`. */
  resume?: string
}

/**
 * `codex exec` from the pinned @openai/codex, wired to the gateway the way reference/codex-client.md §2 and §9
 * describe: throwaway CODEX_HOME, no stdin, no plugins or telemetry, no retries unless asked (`retries`), the
 * gateway's own catalog, and no sandbox (the work dir is a throwaway too).
 */
export async function runCodexExec(options: CodexExecOptions): Promise<CodexExecResult> {
  const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'codex-work-')))
  const codexHome = options.codexHome ?? (await mkdtemp(join(tmpdir(), 'codex-home-')))
  const lastMessagePath = join(workDir, '.last-message.txt')
  const config: Record<string, string | number> = {
    'analytics.enabled': 'false',
    model_provider: '"shim"',
    'model_providers.shim.name': '"shim"',
    'model_providers.shim.base_url': JSON.stringify(`${options.gateway.url}/v1`),
    'model_providers.shim.wire_api': '"responses"',
    'model_providers.shim.env_key': '"SHIM_TEST_KEY"',
    ...(options.retries === 'codex-defaults'
      ? {}
      : { 'model_providers.shim.request_max_retries': 0, 'model_providers.shim.stream_max_retries': 0 }),
    'model_providers.shim.stream_idle_timeout_ms': 20000,
    model_catalog_json: JSON.stringify(join(options.gateway.home.runtimeHome, 'model-catalog.json')),
    ...options.config,
  }
  const args = [
    'exec',
    ...(options.resume === undefined ? [] : ['resume']),
    '--skip-git-repo-check',
    ...(options.codexHome === undefined ? ['--ephemeral'] : []),
    ...(options.isJson === false ? [] : ['--json']),
    ...(options.sandbox === undefined
      ? ['--dangerously-bypass-approvals-and-sandbox']
      : ['-c', `sandbox_mode="${options.sandbox}"`]),
    '--disable',
    'plugins',
    '--disable',
    'shell_snapshot',
    '--disable',
    'unbounded_connection_retries',
    ...Object.entries(config).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    '-m',
    options.model,
    '-o',
    lastMessagePath,
    ...(options.args ?? []),
    '--',
    ...(options.resume === undefined ? [] : [options.resume]),
    options.prompt,
  ]
  const run = await runCodex(args, {
    cwd: workDir,
    env: { CODEX_HOME: codexHome, SHIM_TEST_KEY: options.gateway.token },
    timeoutMs: options.timeoutMs ?? 90_000,
    signal: options.signal,
  })
  const events = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
  const lastMessage = await readFile(lastMessagePath, 'utf8').catch(() => '')
  return { exitCode: run.exitCode, events, stderr: run.stderr, stdout: run.stdout, lastMessage, workDir }
}
