/**
 * The Codex provider that points at the gateway. Retries are on (Codex retries 5xx and stream drops itself) and
 * the idle timeout is long because real agent turns can think for minutes between events.
 */
export function codexProviderTable(port: number) {
  return {
    name: 'codex-shim',
    base_url: `http://127.0.0.1:${port}/v1`,
    wire_api: 'responses',
    // Codex sends this as the Bearer token; the gateway does not check it on loopback, but Codex needs a value.
    experimental_bearer_token: 'codex-shim',
    request_max_retries: 4,
    stream_max_retries: 5,
    stream_idle_timeout_ms: 600_000,
  }
}

