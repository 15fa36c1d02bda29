import type { CursorModel } from '../cursor-protocol'
import { BYOK_BASE_INSTRUCTIONS } from './base-instructions'
import type { CatalogEntry } from './catalog-entry'
import { contextLimitsFor } from './context-limits'

/** Composer's window (Cursor's docs); Cursor keeps its own chat, so this mostly sets when Codex compacts. */
const COMPOSER_CONTEXT_WINDOW = 200_000

/**
 * A Cursor model as Codex sees it: text only (cursor-agent takes a prompt on stdin), one reasoning level (Cursor
 * decides how hard to think), no apply_patch tool (Cursor edits with its own tools, never through Codex's).
 */
export function buildCursorEntry(model: CursorModel, index: number): CatalogEntry {
  const limits = contextLimitsFor(COMPOSER_CONTEXT_WINDOW)
  return {
    slug: model.slug,
    display_name: model.displayName,
    description: `${model.displayName} (Cursor's ${model.id}) through your Cursor login; Cursor runs its own tools in your workspace (codex-shim).`,
    context_window: limits.contextWindow,
    max_context_window: limits.contextWindow,
    auto_compact_token_limit: limits.autoCompactTokenLimit,
    truncation_policy: { mode: 'tokens', limit: limits.toolOutputTokenLimit },
    default_reasoning_level: 'medium',
    supported_reasoning_levels: [{ effort: 'medium', description: 'Cursor decides how much to think' }],
    supports_reasoning_summaries: true,
    default_reasoning_summary: 'auto',
    support_verbosity: false,
    default_verbosity: null,
    apply_patch_tool_type: null,
    shell_type: 'shell_command',
    web_search_tool_type: 'text',
    supports_search_tool: false,
    supports_parallel_tool_calls: false,
    input_modalities: ['text'],
    supports_image_detail_original: false,
    visibility: 'list',
    supported_in_api: true,
    // After the configured models, which the user chose on purpose.
    priority: 1000 + index,
    prefer_websockets: false,
    experimental_supported_tools: [],
    availability_nux: null,
    upgrade: null,
    base_instructions: BYOK_BASE_INSTRUCTIONS,
  }
}
