/**
 * One model in Codex's catalog (`model_catalog_json` or a provider's `model_catalog_url`). Codex 0.169 rejects an
 * entry that lacks any of `slug`, `display_name`, `supported_reasoning_levels`, `shell_type`, `truncation_policy`,
 * `visibility`, `supported_in_api`, `priority`, `support_verbosity`, `experimental_supported_tools` and
 * `base_instructions` (reference/codex-client.md §6). The remaining fields are read by older Desktop builds.
 */
export interface CatalogEntry {
  slug: string
  display_name: string
  description: string
  context_window: number
  max_context_window: number
  auto_compact_token_limit: number
  truncation_policy: { mode: 'tokens' | 'bytes'; limit: number }
  default_reasoning_level: ReasoningEffort
  supported_reasoning_levels: { effort: ReasoningEffort; description: string }[]
  supports_reasoning_summaries: boolean
  default_reasoning_summary: 'auto' | 'concise' | 'detailed' | 'none'
  support_verbosity: boolean
  default_verbosity: 'low' | 'medium' | 'high' | null
  /** null: no apply_patch tool (Codex 0.169+ accepts null or absent, never `function`). */
  apply_patch_tool_type: 'freeform' | null
  shell_type: 'shell_command'
  web_search_tool_type: 'text' | 'text_and_image'
  supports_search_tool: boolean
  supports_parallel_tool_calls: boolean
  input_modalities: ('text' | 'image')[]
  supports_image_detail_original: boolean
  visibility: 'list' | 'hide'
  supported_in_api: boolean
  priority: number
  prefer_websockets: boolean
  experimental_supported_tools: string[]
  availability_nux: null
  upgrade: null
  base_instructions: string
}

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh'

export interface ModelCatalog {
  models: CatalogEntry[]
}
