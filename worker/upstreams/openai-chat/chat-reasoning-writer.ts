import { packReasoning, type ChatReasoningSource } from '../../canonical/reasoning-envelope'
import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'

/**
 * Writes a chat upstream's reasoning as reasoning items, each sealed with the field its text came in, so the
 * next turn sends it back there or nowhere (reasoning-envelope.ts). Reasoning from another field starts a new
 * item; the translator ends the open one before it writes anything else, since the writer would otherwise close it
 * through the adapter's `sealReasoning`, which cannot know the source.
 */
export function createChatReasoningWriter(writer: ResponsesStreamWriter, origin: string) {
  /** The field the open item's text came in. */
  let open: ChatReasoningSource | undefined
  let hasWrittenItem = false

  function end(): void {
    if (open === undefined) return
    const source = open
    open = undefined
    // Its text is the item's summary, which the writer streamed (reasoning-envelope.ts, isTextInSummary).
    writer.endReasoning(packReasoning(origin, { kind: 'chat', source, isTextInSummary: true }))
  }

  return {
    add(text: string, source: ChatReasoningSource): void {
      if (text === '') return
      if (open !== undefined && open !== source) end()
      writer.reasoningDelta(text)
      hasWrittenItem = true
      open = source
    },
    end,
    hasWrittenItem: (): boolean => hasWrittenItem,
  }
}
