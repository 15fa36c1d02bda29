import { CHATGPT_PASSTHROUGH_SLUG } from '../constants'
import type { CursorModel } from '../cursor-protocol'
import type { ModelConfig, ProviderKind } from '../settings'
import { BYOK_BASE_INSTRUCTIONS, PASSTHROUGH_BASE_INSTRUCTIONS } from './base-instructions'
import type { CatalogEntry, ModelCatalog } from './catalog-entry'
import { contextLimitsFor } from './context-limits'
import { buildCursorEntry } from './cursor-entry'
import { buildRouterEntry, type RouterCatalogInfo } from './router-entry'

/** What the catalog may know about a model: no key, no header, no URL (a URL can embed a token). */
export type CatalogModel = Pick<
  ModelConfig,
  'slug' | 'model' | 'displayName' | 'provider' | 'maxContextLimit' | 'noImageSupport' | 'index'
>

export interface CatalogInput {
  models: readonly CatalogModel[]
  /** True while `~/.codex/auth.json` holds an access token (and passthrough is not switched off). */
  isChatgptPassthroughAvailable: boolean
  /** Codex's own gpt-5.5 entry (its full prompt and message templates), when the installed Codex provided it. */
  passthroughEntry?: Record<string, unknown>
  /** The auto router, while it is enabled and has candidates. */
  router?: RouterCatalogInfo
  /** Cursor's models, while cursor-agent is installed and logged in. */
  cursorModels?: readonly CursorModel[]
}

const PROVIDER_LABELS: Record<ProviderKind, string> = {
  openai: 'OpenAI chat completions',
  'generic-chat-completion-api': 'chat completions',
  anthropic: 'Anthropic Messages',
  responses: 'the Responses API',
}

const BYOK_REASONING_LEVELS: CatalogEntry['supported_reasoning_levels'] = [
  { effort: 'low', description: 'Quick answers, light reasoning' },
  { effort: 'medium', description: 'Balanced reasoning for everyday work' },
  { effort: 'high', description: 'Deeper reasoning for hard problems' },
]

/** The passthrough entry is hidden when a configured model already uses its slug: the user's model wins. */
export function isPassthroughListed(input: CatalogInput): boolean {
  return input.isChatgptPassthroughAvailable && !input.models.some((model) => model.slug === CHATGPT_PASSTHROUGH_SLUG)
}

export function buildCatalog(input: CatalogInput): ModelCatalog {
  const entries = input.models.map(buildByokEntry)
  const router = isRouterListed(input) && input.router ? [buildRouterEntry(input.router)] : []
  const cursor = listedCursorModels(input).map(buildCursorEntry)
  return {
    models: [...(isPassthroughListed(input) ? [passthroughEntryFor(input)] : []), ...router, ...entries, ...cursor],
  }
}

/** Cursor's models, less any whose slug a configured model has (the user's model wins, as for the passthrough). */
export function listedCursorModels(input: CatalogInput): CursorModel[] {
  const taken = new Set(input.models.map((model) => model.slug))
  return (input.cursorModels ?? []).filter((model) => !taken.has(model.slug))
}

/** The router entry is hidden when a configured model already uses its slug. */
export function isRouterListed(input: CatalogInput): boolean {
  return input.router !== undefined && !input.models.some((model) => model.slug === input.router?.slug)
}

export function buildByokEntry(model: CatalogModel): CatalogEntry {
  const limits = contextLimitsFor(model.maxContextLimit)
  return {
    slug: model.slug,
    display_name: model.displayName,
    description: `${model.displayName} (${model.model}) through ${PROVIDER_LABELS[model.provider]}, served by codex-shim.`,
    context_window: limits.contextWindow,
    max_context_window: limits.contextWindow,
    auto_compact_token_limit: limits.autoCompactTokenLimit,
    truncation_policy: { mode: 'tokens', limit: limits.toolOutputTokenLimit },
    default_reasoning_level: 'medium',
    supported_reasoning_levels: BYOK_REASONING_LEVELS,
    supports_reasoning_summaries: true,
    default_reasoning_summary: 'auto',
    support_verbosity: false,
    default_verbosity: null,
    apply_patch_tool_type: 'freeform',
    shell_type: 'shell_command',
    web_search_tool_type: 'text',
    supports_search_tool: false,
    supports_parallel_tool_calls: true,
    input_modalities: model.noImageSupport ? ['text'] : ['text', 'image'],
    supports_image_detail_original: false,
    visibility: 'list',
    supported_in_api: true,
    priority: model.index + 1,
    prefer_websockets: false,
    experimental_supported_tools: [],
    availability_nux: null,
    upgrade: null,
    base_instructions: BYOK_BASE_INSTRUCTIONS,
  }
}

/**
 * Codex's own entry when we have it, listed first and without websockets (our provider serves HTTP only);
 * otherwise ours.
 */
function passthroughEntryFor(input: CatalogInput): CatalogEntry {
  if (!input.passthroughEntry) return buildPassthroughEntry()
  return {
    ...input.passthroughEntry,
    slug: CHATGPT_PASSTHROUGH_SLUG,
    visibility: 'list',
    priority: 0,
    prefer_websockets: false,
    supported_in_api: true,
  } as unknown as CatalogEntry
}

/** GPT-5.5 as Codex's own catalog describes it (272k window, low to xhigh effort). */
export function buildPassthroughEntry(): CatalogEntry {
  const limits = contextLimitsFor(272_000)
  return {
    slug: CHATGPT_PASSTHROUGH_SLUG,
    display_name: 'GPT-5.5',
    description: 'GPT-5.5 through your ChatGPT subscription (Codex login), served by codex-shim.',
    context_window: limits.contextWindow,
    max_context_window: limits.contextWindow,
    auto_compact_token_limit: limits.autoCompactTokenLimit,
    truncation_policy: { mode: 'tokens', limit: limits.toolOutputTokenLimit },
    default_reasoning_level: 'medium',
    supported_reasoning_levels: [
      { effort: 'low', description: 'Fast responses with lighter reasoning' },
      { effort: 'medium', description: 'Balanced speed and reasoning depth' },
      { effort: 'high', description: 'Greater reasoning depth for complex problems' },
      { effort: 'xhigh', description: 'Extra high reasoning depth for the hardest problems' },
    ],
    supports_reasoning_summaries: true,
    default_reasoning_summary: 'auto',
    support_verbosity: true,
    default_verbosity: 'low',
    apply_patch_tool_type: 'freeform',
    shell_type: 'shell_command',
    web_search_tool_type: 'text_and_image',
    supports_search_tool: true,
    supports_parallel_tool_calls: true,
    input_modalities: ['text', 'image'],
    supports_image_detail_original: true,
    visibility: 'list',
    supported_in_api: true,
    priority: 0,
    prefer_websockets: false,
    experimental_supported_tools: [],
    availability_nux: null,
    upgrade: null,
    base_instructions: PASSTHROUGH_BASE_INSTRUCTIONS,
  }
}
