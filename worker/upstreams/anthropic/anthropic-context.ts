import type { ToolRegistry } from '../../canonical/tool-registry'

export interface AnthropicTranslationContext {
  slug: string
  registry: ToolRegistry
  /** Tag for thinking blocks this upstream signed. */
  origin: string
  /** Redacted from any upstream message we pass on. */
  secrets: string[]
  /** The `max_tokens` sent, named when a call is cut by it. */
  maxTokens: number
}
