import type { ToolRegistry } from '../../canonical/tool-registry'

export interface AnthropicTranslationContext {
  slug: string
  registry: ToolRegistry
  /** Tag for thinking blocks this upstream signed. */
  origin: string
  secrets: string[]
}
