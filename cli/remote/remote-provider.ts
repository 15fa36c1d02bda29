import { CODEX_PROVIDER_ID } from '../../shared/constants'
import { UserError } from '../user-error'
import type { Remote } from './remote-store'

/** The Codex provider id for a remote: `codex_shim_<name>`, in the namespace our managed block owns. */
export function remoteProviderId(name: string): string {
  return `${CODEX_PROVIDER_ID}_${name.replace(/-/g, '_')}`
}

/**
 * The provider table that points Codex at a deployed gateway. Credentials travel by name: Codex reads the
 * bearer secret from `env_key` and the Access service token from `env_http_headers`, so no secret is written
 * into config.toml.
 */
export function remoteProviderTable(remote: Remote, options: { catalogUrl?: boolean } = {}): Record<string, unknown> {
  const table: Record<string, unknown> = {
    name: `codex-shim (${remote.name})`,
    base_url: `${remote.url}/v1`,
    wire_api: 'responses',
    request_max_retries: 4,
    stream_max_retries: 5,
    stream_idle_timeout_ms: 600_000,
  }
  if (remote.tokenEnv !== undefined) table.env_key = remote.tokenEnv
  if (remote.accessClientIdEnv !== undefined && remote.accessClientSecretEnv !== undefined) {
    table.env_http_headers = {
      'CF-Access-Client-Id': remote.accessClientIdEnv,
      'CF-Access-Client-Secret': remote.accessClientSecretEnv,
    }
  }
  if (options.catalogUrl) table.model_catalog_url = `${remote.url}/v1/models`
  return table
}

/** The variables a remote's credentials come from, and which of them this environment lacks. */
export function missingRemoteVariables(remote: Remote, env: NodeJS.ProcessEnv): string[] {
  return [remote.accessClientIdEnv, remote.accessClientSecretEnv, remote.tokenEnv].filter(
    (name): name is string => name !== undefined && !env[name],
  )
}

/** The headers a request to the remote carries, read from the environment now (for the CLI's own calls). */
export function remoteRequestHeaders(remote: Remote, env: NodeJS.ProcessEnv): Record<string, string> {
  const missing = missingRemoteVariables(remote, env)
  if (missing.length > 0)
    throw new UserError(
      `The credentials of remote "${remote.name}" are not set: ${missing.map((name) => `$${name}`).join(', ')}.`,
      'Export them in this shell (and where Codex runs), then try again.',
    )
  const headers: Record<string, string> = {}
  if (remote.tokenEnv !== undefined) headers.authorization = `Bearer ${env[remote.tokenEnv] ?? ''}`
  if (remote.accessClientIdEnv !== undefined && remote.accessClientSecretEnv !== undefined) {
    headers['cf-access-client-id'] = env[remote.accessClientIdEnv] ?? ''
    headers['cf-access-client-secret'] = env[remote.accessClientSecretEnv] ?? ''
  }
  return headers
}
