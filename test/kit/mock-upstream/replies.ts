/** What the mock upstream answers with; each scripted request consumes one reply. */
export type MockReply =
  | ChatReply
  | AnthropicReply
  | ResponsesReply
  | FixtureReply
  | SseReply
  | StatusReply
  | JsonReply
  | RawReply
  | ResetReply
  | LongBodyReply

/** Exact bytes with a status and headers (for byte-for-byte passthrough checks). */
export interface RawReply {
  kind: 'raw'
  body: string
  status?: number
  headers?: Record<string, string>
}

export interface ChatToolCall {
  id: string
  name: string
  /** JSON text, streamed in fragments. */
  arguments: string
}

export interface ChatUsage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens?: number
  prompt_tokens_details?: { cached_tokens?: number }
  completion_tokens_details?: { reasoning_tokens?: number }
}

/** An OpenAI chat-completions answer, streamed as chunks (default) or as one JSON body. */
export interface ChatReply extends StreamFaults {
  kind: 'chat'
  /** Default: as the request asks (`stream` in its body, streaming when absent). */
  stream?: boolean
  model?: string
  text?: string
  /** DeepSeek-style `reasoning_content`, streamed before the text. */
  reasoning?: string
  toolCalls?: ChatToolCall[]
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter'
  usage?: ChatUsage
  /** Characters per streamed content delta. */
  deltaSize?: number
}

export interface AnthropicToolUse {
  id: string
  name: string
  input: Record<string, unknown>
}

export interface AnthropicUsage {
  input_tokens: number
  output_tokens: number
  cache_read_input_tokens?: number
  cache_creation_input_tokens?: number
}

/** An Anthropic Messages answer, streamed as events (default) or as one Message. */
export interface AnthropicReply extends StreamFaults {
  kind: 'anthropic'
  stream?: boolean
  model?: string
  thinking?: { text: string; signature: string }
  text?: string
  toolUses?: AnthropicToolUse[]
  stopReason?: 'end_turn' | 'max_tokens' | 'tool_use' | 'stop_sequence'
  usage?: AnthropicUsage
  deltaSize?: number
}

export interface ResponsesToolCall {
  callId: string
  name: string
  /** JSON text, streamed in fragments. */
  arguments: string
  /** The item id; `fc_<callId>` when absent. */
  id?: string
}

export interface ResponsesUsage {
  input_tokens: number
  output_tokens: number
  cached_tokens?: number
  reasoning_tokens?: number
}

/** A Responses API answer (OpenAI, Azure, xAI, OpenCode Go, vLLM), streamed as events (default) or as one Response. */
export interface ResponsesReply extends StreamFaults {
  kind: 'responses'
  stream?: boolean
  model?: string
  /** A reasoning item first: its summary streamed, its opaque `encrypted_content` in both added and done (fixture 02). */
  reasoning?: { summary: string; encryptedContent: string; id?: string }
  text?: string
  toolCalls?: ResponsesToolCall[]
  usage?: ResponsesUsage
  /** `incomplete` ends with response.incomplete (max_output_tokens). */
  status?: 'completed' | 'incomplete'
  /** OpenCode Go's cost event after the terminal one: `event: ping` with `{"type":"ping","cost":…}` (opencode-and-desktop.md §1.7). */
  costPing?: string
  deltaSize?: number
}

/** Replays a recorded stream from the handbook's fixtures/upstream-streams (e.g. `chat/13-mistral-…jsonl`). */
export interface FixtureReply extends StreamFaults {
  kind: 'fixture'
  path: string
  /** Bytes per socket write; default one write per event. Odd sizes split UTF-8 characters and CRLF pairs. */
  chunkSize?: number
}

/** Raw SSE events (each a complete `event:`/`data:` block without the trailing blank line). */
export interface SseReply extends StreamFaults {
  kind: 'sse'
  events: string[]
  status?: number
  headers?: Record<string, string>
}

/** A plain HTTP answer, usually a failure: `{ status: 429, headers: { 'retry-after': '2' } }`. */
export interface StatusReply {
  kind: 'status'
  status: number
  headers?: Record<string, string>
  body?: string | Record<string, unknown>
  /** Wait this long before sending anything (a stalled upstream). */
  delayMs?: number
}

/**
 * A refusal with a body of `bytes` bytes (`head`, then filler), written only as fast as the client reads it, so a
 * test sees how much a client took: `sentBytes` and `clientClosedEarly` on the recorded request.
 */
export interface LongBodyReply {
  kind: 'long-body'
  status: number
  head: string
  bytes: number
  headers?: Record<string, string>
}

/** The connection is reset before any response byte (a crashed server, a proxy that drops the request). */
export interface ResetReply {
  kind: 'reset'
  /** Wait this long first. */
  delayMs?: number
}

export interface JsonReply {
  kind: 'json'
  body: unknown
  status?: number
  headers?: Record<string, string>
}

/** Ways a stream can go wrong, for testing what the gateway does about it. */
export interface StreamFaults {
  /** Wait before sending the response headers. */
  delayBeforeHeadersMs?: number
  /** Wait between events. */
  eventDelayMs?: number
  /** Destroy the socket after this many events (no terminator, no clean end). */
  cutAfterEvents?: number
  /** After this many events, stop sending and keep the connection open for `ms`. */
  stallAfterEvents?: { events: number; ms: number }
}
