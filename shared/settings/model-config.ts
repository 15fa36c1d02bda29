import type { CursorModel } from '../cursor-protocol'

/**
 * The upstream wire formats a model can be served by: chat completions (`openai`, `generic-chat-completion-api`),
 * Anthropic Messages, or the Responses API (`responses`: OpenAI with a key, Azure, OpenRouter, xAI, vLLM, ...).
 * `ollama` in a settings file becomes the generic kind.
 */
export const PROVIDER_KINDS = ['openai', 'generic-chat-completion-api', 'anthropic', 'responses'] as const
export type ProviderKind = (typeof PROVIDER_KINDS)[number]

/** One configured model after normalization: aliases resolved, defaults filled, slug assigned. */
export interface ModelConfig {
  slug: string
  /** The model name sent upstream. */
  model: string
  provider: ProviderKind
  /** No trailing slash. */
  baseUrl: string
  displayName: string
  /** A literal key from the settings file. Never logged, never written to generated files. */
  apiKey?: string
  /** Name of an environment variable holding the key, read by the daemon. */
  apiKeyEnv?: string
  maxContextLimit?: number
  maxOutputTokens?: number
  noImageSupport: boolean
  /** Anthropic upstreams: mark the stable prefix for prompt caching (on unless set to false). */
  promptCache: boolean
  extraHeaders: Record<string, string>
  /** Position used for catalog priority: the row's `index` field or its place in the list. */
  index: number
}

export interface RouterCandidate {
  slug: string
  cost?: number
  supportsImages: boolean
  card?: string
}

/** The auto router block, validated now and used by the router. */
export interface RouterConfig {
  enabled: boolean
  slug: string
  displayName: string
  classifier?: string
  /** The classifier's price per million tokens (`router report`); without it, its `cost` as a candidate, if any. */
  classifierCost?: number
  threshold: number
  default?: string
  cache: boolean
  candidates: RouterCandidate[]
  /** `route` serves the chosen model; `shadow` classifies and logs, but always serves `default`. */
  mode: 'route' | 'shadow'
  /** How long the classifier may take before `default` serves the task. */
  timeoutMs: number
  maxClassifierTokens: number
}

/** The `cursor` block: how Composer runs and which Cursor models Codex is offered. */
export interface CursorConfig {
  mode: 'auto' | 'ask' | 'agent'
  models: CursorModel[]
}

export interface Settings {
  models: ModelConfig[]
  router?: RouterConfig
  cursor?: CursorConfig
  /** Things worth telling the user that do not stop loading (unknown keys, for instance). */
  warnings: string[]
}
