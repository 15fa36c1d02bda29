import type { AnthropicBlock, AnthropicRequestBody } from './anthropic-types'

/** Anthropic allows at most four `cache_control` breakpoints per request. */
export const MAX_BREAKPOINTS = 4
const EPHEMERAL = { type: 'ephemeral' } as const

/**
 * Marks the stable prefix for prompt caching: the tools, the system prompt, and the ends of the last two user
 * turns. Codex re-sends the whole history every turn, so the breakpoint at the end of this request is where the
 * next request's prefix ends, and the one on the previous user turn is where this request's cached prefix
 * (written by the last request) ends: each turn after the first reads everything before its new items from cache.
 */
export function placeCacheBreakpoints(body: AnthropicRequestBody): void {
  let left = MAX_BREAKPOINTS
  const lastTool = body.tools?.at(-1)
  if (lastTool) {
    lastTool.cache_control = EPHEMERAL
    left--
  }
  const lastSystem = body.system?.at(-1)
  if (lastSystem) {
    lastSystem.cache_control = EPHEMERAL
    left--
  }
  let markedTurns = 0
  for (let index = body.messages.length - 1; index >= 0 && left > 0 && markedTurns < 2; index--) {
    const message = body.messages[index]
    if (message?.role !== 'user') continue
    const block = lastCacheableBlock(message.content)
    if (block) {
      block.cache_control = EPHEMERAL
      left--
      markedTurns++
    }
  }
}

function lastCacheableBlock(
  blocks: AnthropicBlock[],
): Exclude<AnthropicBlock, { type: 'thinking' } | { type: 'redacted_thinking' }> | undefined {
  for (let index = blocks.length - 1; index >= 0; index--) {
    const block = blocks[index]
    if (block && block.type !== 'thinking' && block.type !== 'redacted_thinking') return block
  }
  return undefined
}

export function countBreakpoints(body: AnthropicRequestBody): number {
  const blocks = [...(body.tools ?? []), ...(body.system ?? []), ...body.messages.flatMap((message) => message.content)]
  return blocks.filter((block) => 'cache_control' in block && block.cache_control !== undefined).length
}
