import { spokenTurns } from './cursor-input'

/** Enough of the conversation to reseed a new Cursor chat, should Cursor have dropped the old one. */
const MAX_SUMMARY_CHARS = 24_000

/**
 * Codex's compaction of a Composer conversation. Cursor keeps the whole chat itself and the thread keeps resuming
 * it, so there is nothing to summarize with a model: the summary is the latest turns, word for word, which only
 * matter if Cursor has garbage-collected the chat and a new one must be seeded.
 */
export function cursorCompactionSummary(body: Record<string, unknown>): string {
  const kept: string[] = []
  let length = 0
  for (const turn of spokenTurns(body).reverse()) {
    const text = `[${turn.role}]\n${turn.text}`
    if (length + text.length > MAX_SUMMARY_CHARS) {
      if (kept.length === 0) kept.push(text.slice(-MAX_SUMMARY_CHARS))
      break
    }
    kept.unshift(text)
    length += text.length
  }
  return ["The conversation continues in Cursor's own chat, which keeps all of it. Its latest turns:", ...kept].join(
    '\n\n',
  )
}
