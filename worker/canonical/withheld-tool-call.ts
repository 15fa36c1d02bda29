import type { ResponsesStreamWriter } from './responses-stream-writer'

export interface WithheldCall {
  slug: string
  toolName: string
  /** The upstream stopped at its output limit (`finish_reason: length`, `stop_reason: max_tokens`). */
  isCutByLimit: boolean
  /** The limit the request carried, when one was sent. */
  maxOutputTokens?: number
}

/**
 * Ends a response whose tool call was withheld (emit-tool-call.ts). Cut by the output limit, it is incomplete, and
 * the reason says so and what to raise, since Codex shows nothing else of it; otherwise the model sent a broken
 * call, which a retry may well get right.
 */
export function endAfterWithheldCall(writer: ResponsesStreamWriter, call: WithheldCall): void {
  if (call.isCutByLimit) {
    const limit =
      call.maxOutputTokens === undefined ? 'its output limit' : `its output limit of ${call.maxOutputTokens} tokens`
    writer.incomplete(
      'max_output_tokens',
      `${call.slug} hit ${limit} in the middle of a call to ${call.toolName}, so the call was dropped; raise max_output_tokens for ${call.slug} in models.json`,
    )
    return
  }
  writer.fail(
    'server_error',
    `${call.slug}: the model sent a call to ${call.toolName} whose arguments are not valid JSON, so it was not run.`,
  )
}
