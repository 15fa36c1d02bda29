import { BYOK_BASE_INSTRUCTIONS } from './base-instructions'
import type { CatalogEntry } from './catalog-entry'
import { contextLimitsFor } from './context-limits'

/** What the catalog says about the auto router: a model like the others, as wide as its narrowest candidate. */
export interface RouterCatalogInfo {
  slug: string
  displayName: string
  /** The smallest of the candidates' windows, so Codex never sends more than the weakest can take. */
  contextWindow: number
  takesImages: boolean
  candidateCount: number
}

export function buildRouterEntry(router: RouterCatalogInfo): CatalogEntry {
  const limits = contextLimitsFor(router.contextWindow)
  return {
    slug: router.slug,
    display_name: router.displayName,
    description: `Picks the cheapest of ${router.candidateCount} configured models that can do each task, and keeps it for the whole task (codex-shim auto router).`,
    context_window: limits.contextWindow,
    max_context_window: limits.contextWindow,
    auto_compact_token_limit: limits.autoCompactTokenLimit,
    truncation_policy: { mode: 'tokens', limit: limits.toolOutputTokenLimit },
    default_reasoning_level: 'medium',
    supported_reasoning_levels: [
      { effort: 'low', description: 'Quick answers, light reasoning' },
      { effort: 'medium', description: 'Balanced reasoning for everyday work' },
      { effort: 'high', description: 'Deeper reasoning for hard problems' },
    ],
    supports_reasoning_summaries: true,
    default_reasoning_summary: 'auto',
    support_verbosity: false,
    default_verbosity: null,
    apply_patch_tool_type: 'freeform',
    shell_type: 'shell_command',
    web_search_tool_type: 'text',
    supports_search_tool: false,
    supports_parallel_tool_calls: true,
    input_modalities: router.takesImages ? ['text', 'image'] : ['text'],
    supports_image_detail_original: false,
    visibility: 'list',
    supported_in_api: true,
    // Right after the passthrough (0), before the configured models (1, 2, ...).
    priority: 0,
    prefer_websockets: false,
    experimental_supported_tools: [],
    availability_nux: null,
    upgrade: null,
    base_instructions: BYOK_BASE_INSTRUCTIONS,
  }
}
