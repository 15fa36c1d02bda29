import type { FunctionDeclaration } from '../../canonical/tool-declarations'

export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }

export interface ChatToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
  /** Gemini's thought signature travels on the call it belongs to. */
  extra_content?: { google: { thought_signature: string } }
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | {
      role: 'assistant'
      content: string | null
      tool_calls?: ChatToolCall[]
      reasoning_content?: string
      reasoning_details?: unknown[]
    }
  | { role: 'tool'; tool_call_id: string; content: string }

export interface ChatTool {
  type: 'function'
  function: FunctionDeclaration
}

/**
 * One tool-call fragment as servers stream it (wire-formats.md §2.2), each field present only with the type it
 * should have: what an id, an index or a name means is for the assembler (tool-call-assembler.ts) to decide.
 */
export type ChatToolCallDelta = {
  index?: number
  id?: string
  type?: string
  /** `arguments` is a string fragment, or (some servers, whole calls) the arguments as an object. */
  function?: { name?: string; arguments?: string | Record<string, unknown> }
  /** Gemini's thought signature, on the call it belongs to. */
  extra_content?: { google: { thought_signature: string } }
}

/** Magistral's content parts (fixture 14): text, and thinking as a list of texts. */
export type ChatContentDelta = { type: 'text'; text: string } | { type: 'thinking'; texts: string[] }

/** A choice's `delta` (or a complete answer's `message`), with each field present only when it has its type. */
export interface ChatDelta {
  content?: string | ChatContentDelta[]
  reasoning_content?: string
  /** Groq, Ollama, OpenRouter. */
  reasoning?: string
  /** OpenRouter's, kept verbatim for the next turn. */
  reasoning_details?: unknown[]
  /** The texts of `reasoning_details`, shown when no plain reasoning field came with them. */
  reasoningDetailTexts?: string[]
  refusal?: string
  tool_calls?: ChatToolCallDelta[]
}

/**
 * One chat-completions stream event, narrowed from the wire (chat-stream-chunks.ts): the `[DONE]` sentinel; an
 * error (`{"error": …}`, or Gemini's list of them, wire-formats.md §2.4); a chunk, of which only the first choice is read, with usage
 * wherever the server put it; or anything else (not JSON, not an object), which is skipped.
 */
export type ChatStreamChunk =
  | { kind: 'done' }
  | { kind: 'error'; error: unknown }
  | { kind: 'chunk'; usage?: Record<string, unknown>; delta?: ChatDelta; finish_reason?: string }
  | { kind: 'unknown' }
