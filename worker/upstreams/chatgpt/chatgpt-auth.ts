import { HOST_CHATGPT_AUTH_PATH, type ChatgptAuth } from '../../../shared/host-protocol'
import type { Bindings } from '../../env'
import { GatewayError } from '../../http/gateway-error'
import { callHost } from '../../host/call-host'

export const DEFAULT_CHATGPT_BASE_URL = 'https://chatgpt.com/backend-api/codex'

/** The ChatGPT login, read from auth.json by the daemon for this request (so a new `codex login` is used at once). */
export async function chatgptAuth(env: Bindings): Promise<{ accessToken: string; accountId?: string }> {
  const auth: ChatgptAuth = env.HOST
    ? await callHost<ChatgptAuth>(env.HOST, env, HOST_CHATGPT_AUTH_PATH)
    : { ok: false, state: 'disabled' }
  if (auth.ok) return auth
  // A 400, not a 401: only `codex login` fixes it, and Codex retries a 401 five times before showing it.
  throw new GatewayError(
    400,
    'chatgpt_login_required',
    'The ChatGPT passthrough needs Codex to be logged in, and auth.json has no access token. Run `codex login`, then try again.',
    { type: 'invalid_request_error' },
  )
}

export function chatgptBaseUrl(env: Bindings): string {
  return (env.CODEX_SHIM_CHATGPT_BASE_URL ?? DEFAULT_CHATGPT_BASE_URL).replace(/\/+$/, '')
}
