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
