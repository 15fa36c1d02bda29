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
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean }
}
