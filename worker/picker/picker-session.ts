import { constantTimeEqual } from '../http/constant-time-equal'
import { cookieValue, isSessionPath, SESSION_COOKIE, sessionValueFor } from './session-cookie'

/** What a browser presented on the picker's doors instead of an `Authorization` header. */
export type PickerCredential =
  /** `GET /picker?token=…`, the link `codex-shim picker` opens: checked like a bearer token, then made a cookie. */
  { kind: 'query_token'; token: string } | { kind: 'cookie'; value: string } | { kind: 'none' }

/** The token link works on `GET /picker` only, and the cookie on `/picker` and `/api/*` only (never on `/v1/*`). */
export function pickerCredentialOf(req: Request, path: string): PickerCredential {
  if (!isSessionPath(path)) return { kind: 'none' }
  if (req.method === 'GET' && path === '/picker') {
    const token = new URL(req.url).searchParams.get('token')?.trim()
    if (token !== undefined && token !== '') return { kind: 'query_token', token }
  }
  const value = cookieValue(req.headers.get('cookie'), SESSION_COOKIE)
  return value === undefined || value === '' ? { kind: 'none' } : { kind: 'cookie', value }
}

/** Whether a session cookie was made from `secret` (the gateway token or the deployed bearer secret). */
export async function isSessionFor(value: string, secret: string): Promise<boolean> {
  return constantTimeEqual(value, await sessionValueFor(secret))
}

export const PICKER_SIGN_IN_HINT = 'Open the picker with `codex-shim picker`, which signs this browser in.'
