import { isRecord } from '../http/bad-request'

/**
 * Which task a request belongs to. A task is one Codex turn: every request Codex sends for one user message,
 * tool round trips and mid-turn compaction included, so all of them are served by one model. Codex names the
 * thread (`session-id` header, or `prompt_cache_key`) and the turn (`turn_id` in `x-codex-turn-metadata`, or
 * `client_metadata.turn_id`; reference/codex-client.md §3). Other clients name neither: their task is the
 * conversation up to and including its last real user message, so a tool result never starts a new task, and a
 * new user message always does. Never the last user text alone: two tasks saying "fix it" are different tasks.
 */
export function taskIdentity(headers: Headers, body: Record<string, unknown>): string {
  const metadata = isRecord(body.client_metadata) ? body.client_metadata : {}
  const thread =
    headers.get('session-id') ??
    headers.get('thread-id') ??
    stringOr(body.prompt_cache_key) ??
    stringOr(metadata.thread_id)
  const turn = turnIdFromHeader(headers.get('x-codex-turn-metadata')) ?? stringOr(metadata.turn_id)
  if (thread !== undefined && turn !== undefined) return `codex:${thread}:${turn}`
  return `conversation:${JSON.stringify(conversationUpToLastUserMessage(body.input))}`
}

function turnIdFromHeader(value: string | null): string | undefined {
  if (value === null) return undefined
  try {
    const parsed = JSON.parse(value) as unknown
    return isRecord(parsed) ? stringOr(parsed.turn_id) : undefined
  } catch {
    // A header we cannot read names no turn; the other sources decide.
    return undefined
  }
}

/** Canonical input items up to and including the last user message (tool outputs are other item types). */
function conversationUpToLastUserMessage(input: unknown): unknown {
  if (!Array.isArray(input)) return input
  let last = -1
  input.forEach((item, index) => {
    if (isRecord(item) && (item.type === 'message' || item.type === undefined) && item.role === 'user') last = index
  })
  return input.slice(0, last + 1)
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
