const OPEN = '<think>'
const CLOSE = '</think>'

export interface ThinkSplit {
  reasoning: string
  text: string
}

/**
 * Separates `<think>…</think>` (Qwen, DeepSeek-R1 distills and others served by Ollama or vLLM put their
 * reasoning in the content) from the answer, across chunk boundaries: a chunk ending in `<thi` is held back until
 * the next one says whether it is a tag.
 */
export function createThinkTagSplitter() {
  let isThinking = false
  let held = ''

  function split(chunk: string, isFinal: boolean): ThinkSplit {
    let input = held + chunk
    held = ''
    const result: ThinkSplit = { reasoning: '', text: '' }
    while (input !== '') {
      const tag = isThinking ? CLOSE : OPEN
      const at = input.indexOf(tag)
      if (at !== -1) {
        append(result, input.slice(0, at))
        input = input.slice(at + tag.length)
        isThinking = !isThinking
        continue
      }
      const keep = isFinal ? 0 : partialTagSuffix(input, tag)
      append(result, input.slice(0, input.length - keep))
      held = input.slice(input.length - keep)
      break
    }
    return result
  }

  function append(result: ThinkSplit, piece: string): void {
    if (isThinking) result.reasoning += piece
    else result.text += piece
  }

  return {
    push: (chunk: string) => split(chunk, false),
    /** Releases anything held back when the stream ends. */
    flush: () => split('', true),
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffix(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length
  }
  return 0
}
