/**
 * JSON or TOML a test parsed and walks by path (`value.model_providers.codex_shim.base_url`). The assertion on the
 * value at the end is the check: a wrong or missing path fails it (with a TypeError or a mismatch), which is what
 * a typed walk would only say more slowly.
 */
// biome-ignore lint/suspicious/noExplicitAny: the one place tests walk parsed documents without declaring their shape
export type ParsedTree = Record<string, any>
