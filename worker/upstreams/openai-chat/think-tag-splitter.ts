const OPEN = '<think>'
const CLOSE = '</think>'

export interface ThinkSplit {
  reasoning: string
  text: string
}

/**
 * `leading`: nothing but whitespace so far, so a `<think>` may still open; `thinking`: inside the tag; `answer`:
 * tags are plain text from here on.
 */
type Phase = 'leading' | 'thinking' | 'answer'

/**
 * Separates `<think>…</think>` (Qwen, DeepSeek-R1 distills, MiniMax and others served by Ollama or vLLM put their
 * reasoning in the content) from the answer, across chunk boundaries: a chunk ending in `<thi` is held back until
 * the next one says whether it is a tag. The tag counts only at the start of the content (whitespace before it is
 * fine): a model that writes `<think>` in the middle of its answer is talking about the tag. A `<think>` never
 * closed was not reasoning either, so at the end its text comes back as answer text, tag and all, instead of
 * being lost to a reasoning item Codex does not show as the answer.
 */
export function createThinkTagSplitter() {
  let phase: Phase = 'leading'
  let held = ''
  /** What the open tag has said so far, joined once if the stream ends before `</think>`. */
  let unclosed: string[] = []

  function split(chunk: string, isFinal: boolean): ThinkSplit {
    const result: ThinkSplit = { reasoning: '', text: '' }
    let input = held + chunk
    held = ''
    if (phase === 'leading') {
      const start = input.trimStart()
      if (start.startsWith(OPEN)) {
        phase = 'thinking'
        unclosed = [OPEN]
        input = start.slice(OPEN.length)
      } else if (!isFinal && OPEN.startsWith(start)) {
        held = input
        return result
      } else phase = 'answer'
    }
    if (phase === 'answer') {
      result.text = input
      return result
    }
    const at = input.indexOf(CLOSE)
    if (at !== -1) {
      result.reasoning = input.slice(0, at)
      result.text = input.slice(at + CLOSE.length)
      phase = 'answer'
      unclosed = []
      return result
    }
    const keep = isFinal ? 0 : partialTagSuffix(input, CLOSE)
    result.reasoning = input.slice(0, input.length - keep)
    held = input.slice(input.length - keep)
    unclosed.push(result.reasoning)
    if (isFinal) {
      result.text = unclosed.join('')
      unclosed = []
    }
    return result
  }

  return {
    push: (chunk: string) => split(chunk, false),
    /** Releases anything held back when the stream ends, and an unclosed tag's text as answer text. */
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
