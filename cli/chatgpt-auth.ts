import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChatgptPassthroughState } from '../shared/host-protocol'

const TRUTHY = new Set(['1', 'true', 'yes', 'on'])

export function isChatgptPassthroughDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return TRUTHY.has((env.CODEX_SHIM_DISABLE_CHATGPT ?? '').trim().toLowerCase())
}

export function authFilePath(codexHomeDir: string): string {
  return join(codexHomeDir, 'auth.json')
}

/** True when the text is auth.json with a non-empty `tokens.access_token`. The token itself is not returned. */
export function hasAccessToken(authJsonText: string): boolean {
  return parseChatgptAuth(authJsonText) !== undefined
}

/** The token and account id from auth.json text, or undefined when there is no usable token. */
export function parseChatgptAuth(authJsonText: string): { accessToken: string; accountId?: string } | undefined {
  try {
    const auth = JSON.parse(authJsonText) as { tokens?: { access_token?: unknown; account_id?: unknown } } | null
    const token = auth?.tokens?.access_token
    if (typeof token !== 'string' || token.trim() === '') return undefined
    const accountId = auth?.tokens?.account_id
    return typeof accountId === 'string' && accountId !== ''
      ? { accessToken: token, accountId }
      : { accessToken: token }
  } catch {
    // A half-written or corrupt auth.json means "not logged in", the same as a missing one.
    return undefined
  }
}

/** Whether the `gpt-5.5` passthrough can be served right now; reads auth.json every call. */
export async function chatgptPassthroughState(
  codexHomeDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChatgptPassthroughState> {
  if (isChatgptPassthroughDisabled(env)) return 'disabled'
  try {
    return hasAccessToken(await readFile(authFilePath(codexHomeDir), 'utf8')) ? 'available' : 'logged_out'
  } catch {
    // Missing or unreadable: the user is not logged in as far as we can tell.
    return 'logged_out'
  }
}
