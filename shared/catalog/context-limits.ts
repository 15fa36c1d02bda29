/**
 * Used when a model has no `max_context_limit`. Too small only makes Codex compact early; too large makes the
 * upstream reject long sessions, so the fallback is a size nearly every current model supports.
 */
export const FALLBACK_CONTEXT_WINDOW = 128_000

/** Codex compacts at 90% of the window by default; written out because older Desktop builds need the number. */
const AUTO_COMPACT_SHARE = 0.9
/** Codex's own models truncate tool output at 10k tokens; small windows get an eighth of the window instead. */
const TOOL_OUTPUT_TOKEN_LIMIT = 10_000

export interface ContextLimits {
  contextWindow: number
  autoCompactTokenLimit: number
  toolOutputTokenLimit: number
}

export function contextLimitsFor(maxContextLimit: number | undefined): ContextLimits {
  const contextWindow = maxContextLimit ?? FALLBACK_CONTEXT_WINDOW
  return {
    contextWindow,
    autoCompactTokenLimit: Math.floor(contextWindow * AUTO_COMPACT_SHARE),
    toolOutputTokenLimit: Math.min(TOOL_OUTPUT_TOKEN_LIMIT, Math.max(500, Math.floor(contextWindow / 8))),
  }
}
