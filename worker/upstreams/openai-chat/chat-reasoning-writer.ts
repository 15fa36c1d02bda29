import { packReasoning, type ChatReasoningSource } from '../../canonical/reasoning-envelope'
import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'

/**
 * Writes a chat upstream's reasoning as reasoning items, each sealed with the field its text came in, so the
 * next turn sends it back there or nowhere (reasoning-envelope.ts). Reasoning from another field starts a new
 * item; the translator ends the open one before it writes anything else, since the writer would otherwise close it
 * through the adapter's `sealReasoning`, which cannot know the source.
 */
export function createChatReasoningWriter(writer: ResponsesStreamWriter, origin: string) {
  let open: { source: ChatReasoningSource; parts: string[] } | undefined
  let hasWrittenItem = false

  function end(): void {
    if (!open) return
    const { source, parts } = open
    open = undefined
    writer.endReasoning(packReasoning(origin, { kind: 'chat', source, text: parts.join('') }))
  }

  return {
    add(text: string, source: ChatReasoningSource): void {
      if (text === '') return
      if (open && open.source !== source) end()
      writer.reasoningDelta(text)
      hasWrittenItem = true
      if (open) open.parts.push(text)
      else open = { source, parts: [text] }
    },
    end,
    hasWrittenItem: (): boolean => hasWrittenItem,
  }
}
