import type { ToolRegistry } from '../../canonical/tool-registry'

/** What the response side needs to know about the request it answers. */
export interface ChatTranslationContext {
  slug: string
  registry: ToolRegistry
  /** Tag for reasoning envelopes produced by this upstream. */
  origin: string
  /** Redacted from any upstream message we pass on. */
  secrets: string[]
  /** The request's list of what could not be used (logged in its summary); the stream adds unusable calls. */
  dropped?: string[]
  /** The output limit the request carried, named when a call is cut by it. */
  maxOutputTokens?: number
}
