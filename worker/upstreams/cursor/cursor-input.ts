import type { CursorTurnRequest } from '../../../shared/cursor-protocol'
import { isRecord } from '../../http/bad-request'

export type CursorModeSetting = 'auto' | 'ask' | 'agent'

/**
 * What cursor-agent is asked to do for a Codex request: in Codex's working directory, in the mode Codex's sandbox
 * implies, with only the new user input for a resumed chat and the conversation so far for a new one.
 */
export function cursorTurnFrom(
  body: Record<string, unknown>,
  headers: Headers,
  model: string,
  modeSetting: CursorModeSetting = 'auto',
): CursorTurnRequest {
  const conversation = conversationOf(body)
  const userTurns = conversation.filter((turn) => turn.role === 'user' && !isEnvironmentContext(turn.text))
  const latest = userTurns.at(-1)?.text ?? ''
  const earlier = conversation.slice(0, conversation.lastIndexOf(userTurns.at(-1) ?? { role: '', text: '' }))
  const history = earlier.filter(
    (turn) => (turn.role === 'user' && !isEnvironmentContext(turn.text)) || turn.role === 'assistant',
  )
  const transcript =
    history.length === 0
      ? latest
      : [
          'This conversation began with another assistant. Continue it. What was said so far:',
          ...history.map((turn) => `[${turn.role}]\n${turn.text}`),
          'The user now says:',
          latest,
        ].join('\n\n')
  const thread =
    headers.get('session-id') ??
    headers.get('thread-id') ??
    (typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : undefined)
  return {
    model,
    workspace: workspaceOf(conversation),
    mode: modeSetting === 'auto' ? modeFromSandbox(headers, conversation) : modeSetting,
    ...(thread ? { thread } : {}),
    input: latest,
    transcript,
  }
}

/** The request's messages as role and text (Cursor takes text only; Codex's tool items are Cursor's business). */
export function conversationOf(body: Record<string, unknown>): { role: string; text: string }[] {
  const input = Array.isArray(body.input)
    ? body.input.filter(isRecord)
    : typeof body.input === 'string'
      ? [{ type: 'message', role: 'user', content: body.input }]
      : []
  return input.flatMap((item): { role: string; text: string }[] => {
    if (item.type !== undefined && item.type !== 'message') return []
    const text = messageText(item.content)
    return typeof item.role === 'string' && text !== '' ? [{ role: item.role, text }] : []
  })
}

/** The user's and Composer's words, without Codex's environment notes: what a compaction keeps. */
export function spokenTurns(body: Record<string, unknown>): { role: string; text: string }[] {
  return conversationOf(body).filter(
    (turn) => (turn.role === 'user' && !isEnvironmentContext(turn.text)) || turn.role === 'assistant',
  )
}

/** Codex's sandbox: the turn metadata header (0.169+ send `sandbox_mode`), else its permissions text. Read-only asks. */
function modeFromSandbox(headers: Headers, conversation: { role: string; text: string }[]): 'ask' | 'agent' {
  let sandbox: unknown
  try {
    sandbox = (JSON.parse(headers.get('x-codex-turn-metadata') ?? '{}') as { sandbox_mode?: unknown }).sandbox_mode
  } catch {
    // An unreadable header: the permissions text decides.
  }
  if (typeof sandbox !== 'string') {
    const permissions = conversation
      .filter((turn) => turn.role === 'developer' || turn.role === 'system')
      .map((turn) => turn.text)
      .join('\n')
    sandbox = /`sandbox_mode` is `([a-z-]+)`/.exec(permissions)?.[1]
  }
  // Anything but a sandbox that lets Codex write (workspace-write, danger-full-access) keeps Cursor read-only.
  return sandbox === 'workspace-write' || sandbox === 'danger-full-access' ? 'agent' : 'ask'
}

function workspaceOf(conversation: { role: string; text: string }[]): string | undefined {
  for (const turn of [...conversation].reverse()) {
    const cwd = /<environment_context>[\s\S]*?<cwd>([^<]+)<\/cwd>/.exec(turn.text)?.[1]?.trim()
    if (cwd) return cwd
  }
  return undefined
}

function isEnvironmentContext(text: string): boolean {
  return text.trimStart().startsWith('<environment_context>')
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content.flatMap((part) => (isRecord(part) && typeof part.text === 'string' ? [part.text] : [])).join('\n')
}
