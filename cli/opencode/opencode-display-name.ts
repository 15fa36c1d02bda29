/** Brand spellings, matched at the start of a word: `qwen3.7` → `Qwen3.7`, `glm` → `GLM`. Longest first. */
const BRANDS: readonly [string, string][] = [
  ['deepseek', 'DeepSeek'],
  ['minimax', 'MiniMax'],
  ['mimo', 'MiMo'],
  ['kimi', 'Kimi'],
  ['qwen', 'Qwen'],
  ['grok', 'Grok'],
  ['glm', 'GLM'],
  ['gpt', 'GPT'],
]

/** `kimi-k2.6` → `OpenCode Go Kimi K2.6`, `deepseek-v4-pro` → `OpenCode Go DeepSeek V4 Pro`. */
export function opencodeGoDisplayName(id: string): string {
  return `OpenCode Go ${id
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map(titleWord)
    .join(' ')}`
}

function titleWord(word: string): string {
  const lower = word.toLowerCase()
  const brand = BRANDS.find(([prefix]) => lower.startsWith(prefix))
  if (brand) return `${brand[1]}${word.slice(brand[0].length)}`
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`
}
