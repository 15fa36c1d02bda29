import type { HistoryToolCall } from './history-tool-items'
import type { ReasoningState } from './reasoning-envelope'

/** The reasoning kinds an upstream adapter takes back (the `compaction` state is a summary, not reasoning). */
export type ReplayableReasoningKind = Exclude<ReasoningState['kind'], 'compaction'>

/** Reasoning state of one kind, as unpacked from our envelopes. */
export type ReasoningOfKind<Kind extends ReplayableReasoningKind> = Extract<ReasoningState, { kind: Kind }>

/** What an assistant turn said, in the order it said it: text, and calls in the flattened form tools were offered in. */
export type AssistantPart = { type: 'text'; text: string } | { type: 'tool_call'; call: HistoryToolCall }

/** A tool output as Codex sent it: `output` a string or Responses content parts, `path` where it was, for errors. */
export interface ToolOutput {
  callId: string
  output: unknown
  path: string
}

/**
 * One step of a conversation, the same for every upstream (conversation-walker.ts); each adapter maps the steps
 * to its own messages. Content stays in Responses form (the hub's own language, ARCHITECTURE.md): how parts become
 * an upstream's parts is the adapter's business, and its errors name `path`.
 */
export type ConversationTurn<Reasoning> =
  /** A user message; also a system or developer message mid-conversation, as its text. */
  | { kind: 'user'; content: unknown; path: string }
  /**
   * Consecutive assistant items as one turn: its own reasoning (from this upstream only) and what it said. A
   * turn may say nothing (only reasoning, or empty text); the adapter leaves such a turn out.
   */
  | { kind: 'assistant'; parts: AssistantPart[]; reasoning: Reasoning[] }
  /** The output of a call the assistant turn just before made, in the order Codex sent them. */
  | ({ kind: 'tool_result' } & ToolOutput)
  /**
   * The tool results that follow an assistant turn are over, because something else came. `unanswered` are the
   * calls of that turn that got no result (Codex interrupted them); strict upstreams need an answer for each.
   */
  | { kind: 'tool_results_end'; unanswered: string[] }
  /**
   * An output whose call is not waiting for one (its call was trimmed from the history, or already answered): it
   * ends the results before it, as `tool_results_end` would, and cannot be sent as a tool result itself.
   */
  | ({ kind: 'orphan_tool_result'; unanswered: string[] } & ToolOutput)
