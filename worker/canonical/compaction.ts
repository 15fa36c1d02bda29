import { isRecord } from '../http/bad-request'
import { packReasoning, unpackReasoning } from './reasoning-envelope'

/**
 * What we ask a model when Codex compacts through us (`/v1/responses/compact`, or a request ending in
 * `compaction_trigger`). It goes in a final user message, after Codex's own instructions, so it always reaches
 * the model and is the last thing it reads.
 */
export const COMPACTION_REQUEST = `Write a handoff summary of this conversation so far, for the model that will continue the work with only this summary and the latest messages. Keep: the user's goal and every requirement or preference they stated; decisions made and why; files created or changed (with paths) and what changed; commands run and what they showed; errors met and how they were resolved; what is done, what is in progress, and the exact next steps. Be specific and complete, but drop chatter and anything repeated. Reply with the summary only.`

const SUMMARY_PREFIX = 'Summary of the earlier part of this conversation (it was compacted to save context):'

/** A user message carrying a summary, ready to be the next turn's context. */
export function summaryMessage(summary: string) {
  return { type: 'message', role: 'user', content: [{ type: 'input_text', text: `${SUMMARY_PREFIX}\n\n${summary}` }] }
}

export function packCompaction(summary: string): string {
  return packReasoning('compaction', { kind: 'compaction', summary })
}

/** Our `compaction` items become the summary message they stand for; other items (OpenAI's included) pass as they are. */
export function expandOwnCompactions(input: unknown): unknown {
  // The same array when there is nothing to expand, so work done on the history before (a prebuilt plan) still fits.
  if (!Array.isArray(input) || !input.some((item) => isRecord(item) && item.type === 'compaction')) return input
  return input.map((item) => {
    if (!isRecord(item) || item.type !== 'compaction') return item
    const envelope = unpackReasoning(item.encrypted_content)
    return envelope?.state.kind === 'compaction' ? summaryMessage(envelope.state.summary) : item
  })
}

export function endsWithCompactionTrigger(input: unknown): boolean {
  return (
    Array.isArray(input) &&
    isRecord(input.at(-1)) &&
    (input.at(-1) as Record<string, unknown>).type === 'compaction_trigger'
  )
}

/** The visible text of a Response object's message items. */
export function outputText(response: unknown): string {
  if (!isRecord(response) || !Array.isArray(response.output)) return ''
  return response.output
    .flatMap((item) => (isRecord(item) && item.type === 'message' && Array.isArray(item.content) ? item.content : []))
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .join('\n')
    .trim()
}
