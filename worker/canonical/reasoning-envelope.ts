import { isRecord } from '../http/bad-request'

/**
 * Codex round-trips only `reasoning` items, and only their `encrypted_content` opaquely. We keep each provider's
 * reasoning state there, in one versioned envelope tagged with the upstream that produced it, so the next turn
 * can hand it back to that upstream (DeepSeek's `reasoning_content`, Gemini's thought signatures, OpenRouter's
 * `reasoning_details`, Anthropic's signed thinking blocks) and never to another one.
 */
export type ReasoningState =
  | ChatReasoningState
  | { kind: 'anthropic'; blocks: unknown[] }
  /** Not reasoning: a summary our remote compaction produced, carried in a `compaction` item. */
  | { kind: 'compaction'; summary: string }

/**
 * Where a chat upstream put its reasoning text. Each upstream wants it back in that field or not at all:
 * Mistral answers 422 `extra_forbidden` to a `reasoning_content` it never sent, Groq 400 to unknown fields
 * (wire-formats.md §5 rows 12, 13), while DeepSeek refuses a tool-call turn without its `reasoning_content` (row 1).
 */
export type ChatReasoningSource =
  | 'reasoning_content'
  /** Groq, Ollama, OpenRouter (`delta.reasoning`). */
  | 'reasoning'
  /** OpenRouter's `reasoning_details` texts, when no plain reasoning field came with them. */
  | 'reasoning_details'
  /** `<think>…</think>` at the start of the content (Qwen, DeepSeek-R1 distills, MiniMax). */
  | 'think_tag'
  /** Magistral's `{type:"thinking"}` content parts (fixture 14). */
  | 'thinking_parts'

export interface ChatReasoningState {
  kind: 'chat'
  /** Reasoning text as the upstream streamed it (in envelopes written before `isTextInSummary`). */
  text?: string
  /**
   * The text is the reasoning item's summary, which Codex sends back unchanged with the envelope, so the envelope
   * does not carry it a second time: with it, every later request held each reasoning text about 2.3 times (the
   * summary, then the same bytes in base64).
   */
  isTextInSummary?: true
  /** The field the text (or an empty reasoning field) came in; absent when the state holds no reasoning text. */
  source?: ChatReasoningSource
  /** OpenRouter's `reasoning_details`, returned verbatim. */
  details?: unknown[]
  /** Gemini's `extra_content.google.thought_signature`, by tool call id. */
  thoughtSignatures?: Record<string, string>
}

export interface ReasoningEnvelope {
  /** 2 since the source of chat reasoning is recorded; version 1 envelopes are read as version 2 (upgradeVersion1State). */
  v: 2
  /** Hash of the upstream's provider kind and base URL (not the URL itself: it could carry a token). */
  origin: string
  state: ReasoningState
}

const PREFIX = 'cxs1.'
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** A stable, short tag for "the same upstream API" (FNV-1a, 32 bits; collisions only cost a dropped replay). */
export function upstreamOrigin(provider: string, baseUrl: string): string {
  let hash = 0x811c9dc5
  for (const byte of encoder.encode(`${provider}|${baseUrl}`)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/**
 * An envelope's state with the text our chat envelopes leave in their item's summary put back; a summary
 * a client emptied gives an empty text (sent as such: DeepSeek accepts an empty `reasoning_content`).
 */
export function withItsText<State extends ReasoningState>(state: State, item: Record<string, unknown>): State {
  if (state.kind !== 'chat' || state.isTextInSummary !== true || state.text !== undefined) return state
  return { ...state, text: summaryTextOf(item.summary) }
}

/** The summary's texts as the writer streamed them, one after the other (responses-stream-writer.ts). */
function summaryTextOf(summary: unknown): string {
  if (!Array.isArray(summary)) return ''
  return summary.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('')
}

export function packReasoning(origin: string, state: ReasoningState): string {
  const envelope: ReasoningEnvelope = { v: 2, origin, state }
  return PREFIX + toBase64Url(encoder.encode(JSON.stringify(envelope)))
}

/** The envelope inside `encrypted_content`, or undefined for anything else (OpenAI's own opaque blobs included). */
export function unpackReasoning(encryptedContent: unknown): ReasoningEnvelope | undefined {
  if (typeof encryptedContent !== 'string' || !encryptedContent.startsWith(PREFIX)) return undefined
  try {
    const { v, origin, state } = JSON.parse(decoder.decode(fromBase64Url(encryptedContent.slice(PREFIX.length)))) as {
      v?: unknown
      origin?: unknown
      state?: ReasoningState | null
    }
    if (typeof origin !== 'string' || typeof state !== 'object' || state === null) return undefined
    if (v === 2) return { v, origin, state }
    return v === 1 ? { v: 2, origin, state: upgradeVersion1State(state) } : undefined
  } catch {
    // Edited or truncated by someone: treat as foreign reasoning, which is dropped, never sent on.
    return undefined
  }
}

/**
 * Version 1 recorded no source, and every chat state was replayed as `reasoning_content`, an empty one included
 * (DeepSeek's rule): conversations begun before the upgrade go on as they did.
 */
function upgradeVersion1State(state: ReasoningState): ReasoningState {
  return state.kind === 'chat' ? { ...state, source: 'reasoning_content' } : state
}

type NativeToBase64 = (this: Uint8Array, options: { alphabet: 'base64url'; omitPadding: true }) => string
const nativeToBase64 = (Uint8Array.prototype as unknown as { toBase64?: NativeToBase64 }).toBase64

function toBase64Url(bytes: Uint8Array): string {
  if (nativeToBase64 !== undefined) return nativeToBase64.call(bytes, { alphabet: 'base64url', omitPadding: true })
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/** The native codec where the runtime has it (workerd does; Node 20 does not), else a plain loop over atob's bytes. */
const nativeFromBase64 = (
  Uint8Array as unknown as { fromBase64?: (text: string, options: { alphabet: 'base64url' }) => Uint8Array }
).fromBase64

function fromBase64Url(text: string): Uint8Array {
  if (nativeFromBase64 !== undefined) return nativeFromBase64(text, { alphabet: 'base64url' })
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
