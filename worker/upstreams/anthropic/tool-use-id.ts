const VALID = /^[A-Za-z0-9_-]+$/

/**
 * Anthropic accepts tool ids matching `^[a-zA-Z0-9_-]+$` only; ids another provider made (Kimi's
 * `functions.Bash:0`) are rewritten the same way in a call and its result, with a hash so two ids never merge.
 * Ids Anthropic itself issued are valid and pass through, so calls come back under the ids Codex knows.
 */
export function anthropicToolUseId(id: string): string {
  if (VALID.test(id)) return id
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0
  return `${id.replace(/[^A-Za-z0-9_-]+/g, '_')}_${hash.toString(16)}`.replace(/^_+/, 'id_')
}

/** The tool_use ids of one conversation: each call its own, and each result the id of the call it answers. */
export interface ToolUseIds {
  forCall(callId: string): string
  forResult(callId: string): string
}

/**
 * Anthropic refuses a tool_use id used twice in one conversation, but Kimi numbers the calls of each response
 * from 0, so `functions.exec_command:0` comes back turn after turn (wire-formats.md §5 row 25). A call id seen
 * before gets a numbered id of its own; a result takes the id of the oldest call of its id still unanswered (the
 * walker hands results to the calls of the turn just before them, in order).
 */
export function createToolUseIds(): ToolUseIds {
  const used = new Set<string>()
  const unanswered = new Map<string, string[]>()
  return {
    forCall(callId) {
      const base = anthropicToolUseId(callId)
      let id = base
      for (let n = 2; used.has(id); n++) id = `${base}_${n}`
      used.add(id)
      const waiting = unanswered.get(callId)
      if (waiting) waiting.push(id)
      else unanswered.set(callId, [id])
      return id
    },
    forResult: (callId) => unanswered.get(callId)?.shift() ?? anthropicToolUseId(callId),
  }
}
