import type { CursorExitLine } from '../../../shared/cursor-protocol'
import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import { isRecord } from '../../http/bad-request'
import { classifyCursorExit, streamCodeOf, type CursorFailure } from './cursor-failure'
import { describeToolActivity } from './tool-activity'

export interface CursorTranslatorOptions {
  /** Cursor's model id, for error messages. */
  model: string
  workspace?: string
  /** Called once when the run failed, with the classified failure (the writer has failed already). */
  onFailure?: (failure: CursorFailure) => void
}

/**
 * Turns cursor-agent's stream-json lines into the Responses stream (reference/cursor-agent.md §4):
 * - text only from `assistant` events with `timestamp_ms` and no `model_call_id` (the deltas); the other two
 *   forms repeat text already sent (a segment snapshot, the final snapshot) and are skipped;
 * - `thinking` deltas as reasoning summary, and each tool Cursor ran as a readable reasoning line, never as a
 *   function_call (Cursor already ran it; Codex would run it again);
 * - `result` gives the usage; the daemon's exit line ends the response: completed after a `result`, failed
 *   (with what Cursor's exit and stderr say) without one.
 */
export function createCursorTranslator(writer: ResponsesStreamWriter, options: CursorTranslatorOptions) {
  let sawResult = false
  let isFinished = false
  let lastWasActivity = false

  function onLine(event: unknown): void {
    if (!isRecord(event) || isFinished) return
    switch (event.type) {
      case 'assistant': {
        if (event.timestamp_ms === undefined || event.model_call_id !== undefined) return
        const text = assistantText(event.message)
        if (text !== '') writer.textDelta(text)
        lastWasActivity = false
        return
      }
      case 'thinking':
        if (event.subtype === 'delta' && typeof event.text === 'string') {
          writer.reasoningDelta(lastWasActivity ? `\n\n${event.text}` : event.text)
          lastWasActivity = false
        }
        return
      case 'tool_call': {
        if (event.subtype !== 'completed') return
        const line = describeToolActivity(event.tool_call, options.workspace)
        if (line !== undefined) writer.reasoningDelta(`\n\n- ${line}`)
        lastWasActivity = true
        return
      }
      case 'result':
        sawResult = true
        writer.setUsage(usageOf(event.usage))
        return
      case 'codex_shim_exit':
        finish(event as unknown as CursorExitLine)
        return
      default:
        // system/init, the echoed user turn, connection/retry notices: nothing for Codex to see.
        return
    }
  }

  function finish(exit: CursorExitLine): void {
    isFinished = true
    if (sawResult) {
      writer.complete()
      return
    }
    const failure = classifyCursorExit(exit, options.model)
    options.onFailure?.(failure)
    writer.fail(streamCodeOf(failure), failure.message)
  }

  return {
    onLine,
    /** The body ended without our exit line: the daemon went away mid-run. */
    onEnd(): void {
      if (!isFinished)
        finish({ type: 'codex_shim_exit', code: null, signal: null, stderr: 'the daemon ended the run unexpectedly' })
    },
  }
}

function assistantText(message: unknown): string {
  if (!isRecord(message) || !Array.isArray(message.content)) return ''
  return message.content
    .map((part) => (isRecord(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join('')
}

/** Cursor counts cache reads and writes apart from `inputTokens`; Codex's input is all of them. */
function usageOf(raw: unknown) {
  const usage = isRecord(raw) ? raw : {}
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0)
  const cached = count(usage.cacheReadTokens)
  const input = count(usage.inputTokens) + cached + count(usage.cacheWriteTokens)
  const output = count(usage.outputTokens)
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_tokens_details: { cached_tokens: cached },
    output_tokens_details: { reasoning_tokens: 0 },
  }
}
