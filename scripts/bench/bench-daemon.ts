import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The bench upstream's models (bench-upstream.ts picks the stream by the name's mode), chat and Anthropic alike. */
export function benchModels(upstreamUrl: string, modes: readonly string[]): Record<string, unknown>[] {
  return modes.flatMap((mode) => [
    {
      model: `chat-${mode}`,
      slug: `chat-${mode}`,
      provider: 'openai',
      base_url: `${upstreamUrl}/v1`,
      api_key: 'bench',
    },
    {
      model: `claude-${mode}`,
      slug: `claude-${mode}`,
      provider: 'anthropic',
      base_url: `${upstreamUrl}/v1`,
      api_key: 'bench',
      prompt_cache: false,
    },
  ])
}

/** What `daemon.json` says about a running daemon: the processes whose CPU and memory the bench reads. */
export interface DaemonRecord {
  pid: number
  workerdPid?: number
}

export interface BenchDaemon {
  /** The gateway's origin, `http://127.0.0.1:<port>`. */
  origin: string
  /** `codex-shim start`; throws with its stderr when it fails. */
  start: () => void
  /** `codex-shim stop` if this started it; also run when the process exits. */
  stop: () => void
  /** The running daemon's processes (after `start`). */
  record: () => DaemonRecord
  /** The Authorization header with the install's token (written by the first start). */
  authorization: () => Record<string, string>
}

/**
 * A daemon of one build (`cliPath`, a dist/cli.js) in a throwaway home of its own, with `models.json` holding
 * `settings`, as on a machine with Codex installed (an empty `~/.codex`). Nothing is started yet; whatever is
 * started is stopped when the process exits.
 */
export function benchDaemon(options: { cliPath: string; port: number; settings: unknown; label: string }): BenchDaemon {
  const home = mkdtempSync(join(tmpdir(), `codex-shim-${options.label}-`))
  const env = {
    ...process.env,
    HOME: home,
    CODEX_SHIM_HOME: join(home, '.codex-shim'),
    CODEX_HOME: join(home, '.codex'),
  }
  mkdirSync(env.CODEX_SHIM_HOME, { recursive: true })
  mkdirSync(env.CODEX_HOME, { recursive: true })
  writeFileSync(join(env.CODEX_SHIM_HOME, 'models.json'), JSON.stringify(options.settings))
  /** A command of the build's CLI against this daemon's home and port. */
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [options.cliPath, ...args, '--port', String(options.port)], {
      env,
      cwd: home,
      encoding: 'utf8',
    })
  let isRunning = false
  const daemon: BenchDaemon = {
    origin: `http://127.0.0.1:${options.port}`,
    start: () => {
      const run = cli(['start'])
      // A failed start may still have left a daemon behind: stop() is worth trying either way.
      isRunning = true
      if (run.status !== 0) throw new Error(`${options.cliPath}: start failed: ${run.stderr}`)
    },
    stop: () => {
      if (!isRunning) return
      isRunning = false
      cli(['stop'])
    },
    record: () => JSON.parse(readFileSync(join(env.CODEX_SHIM_HOME, 'daemon.json'), 'utf8')) as DaemonRecord,
    authorization: () => ({
      authorization: `Bearer ${readFileSync(join(env.CODEX_SHIM_HOME, 'token'), 'utf8').trim()}`,
    }),
  }
  // However the benchmark ends (a failed check throws), no daemon of it is left running in the background.
  process.on('exit', daemon.stop)
  return daemon
}
