/** What the mock upstream answers with; each scripted request consumes one reply. */
export type MockReply = ChatReply | AnthropicReply | FixtureReply | SseReply | StatusReply | JsonReply | RawReply | ResetReply

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
