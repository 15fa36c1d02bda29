import { CLI_SCRIPT } from '../cli-script'

/** Codex's command-backed provider auth: it runs this, reads the token from stdout, and reruns it after a 401. */
export interface CodexCommandAuth {
  command: string
  args: string[]
}

/**
 * How Codex gets the gateway token without it ever being written into config.toml: `codex-shim token`, run by
 * this Node with this CLI's absolute path (Codex Desktop starts without the shell's PATH), reading this runtime
 * home (it may not have CODEX_SHIM_HOME either).
 */
export function tokenCommandAuth(runtimeHomeDir: string): CodexCommandAuth {
  return { command: process.execPath, args: [CLI_SCRIPT, 'token', '--home', runtimeHomeDir] }
}

/**
 * The Codex provider that points at the gateway. Retries are on (Codex retries 5xx and stream drops itself) and
 * the idle timeout is long because real agent turns can think for minutes between events.
 */
export function codexProviderTable(port: number, auth: CodexCommandAuth) {
  return {
    name: 'codex-shim',
    base_url: `http://127.0.0.1:${port}/v1`,
    wire_api: 'responses',
    request_max_retries: 4,
    stream_max_retries: 5,
    stream_idle_timeout_ms: 600_000,
    auth,
  }
}
