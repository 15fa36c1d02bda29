export interface CacheControl {
  type: 'ephemeral'
}

export type AnthropicBlock =
  | { type: 'text'; text: string; cache_control?: CacheControl }
  | {
      type: 'image'
      source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string }
      cache_control?: CacheControl
    }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; cache_control?: CacheControl }
  | {
      type: 'tool_result'
      tool_use_id: string
      content: string | AnthropicBlock[]
      is_error?: boolean
      cache_control?: CacheControl
    }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }

export interface AnthropicMessage {
  role: 'user' | 'assistant'
  content: AnthropicBlock[]
}

export interface AnthropicTool {
  name: string
  description?: string
  input_schema: Record<string, unknown>
  cache_control?: CacheControl
}

export interface AnthropicRequestBody {
  model: string
  max_tokens: number
  messages: AnthropicMessage[]
  system?: { type: 'text'; text: string; cache_control?: CacheControl }[]
  tools?: AnthropicTool[]
  tool_choice?: Record<string, unknown>
  thinking?: { type: 'enabled'; budget_tokens: number }
  temperature?: number
  top_p?: number
  stream: boolean
}

/**
 * A content block as a stream opens it (`content_block_start`) or a complete Message holds it, with what the
 * translator reads of it; a block of a type added after this was written is `unknown`.
 */
export type AnthropicStreamBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'unknown' }

export type AnthropicDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }

/**
 * Anthropic's stream events (wire-formats.md §3.4) as the translator reads them, narrowed from the wire by
 * anthropic-stream-events.ts. `usage` stays as sent: mergeAnthropicUsage reads it field by field. Events of types
 * added later, and events without the fields they need, are `unknown`, which the translator skips.
 */
export type AnthropicStreamEvent =
  | { type: 'message_start'; usage: unknown }
  | { type: 'content_block_start'; index: number; content_block: AnthropicStreamBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; stop_reason?: string; usage: unknown }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: unknown }
  | { type: 'unknown' }

/** A complete (non-streaming) answer: a Message, or the error its body holds instead. */
export type AnthropicCompletion =
  | { type: 'message'; content: AnthropicStreamBlock[]; usage: unknown; stop_reason?: string }
  | { type: 'error'; error: unknown }
