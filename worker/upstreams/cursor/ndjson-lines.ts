/** The longest line accepted from cursor-agent (one event); a longer one ends the run as a failure. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024

/**
 * Splits a byte stream into JSON lines incrementally (one decoder with `stream: true`, so a character split
 * across chunks stays whole), handing each parsed line on; lines that are not JSON are skipped.
 */
export function createNdjsonDecoder(onLine: (value: unknown) => void, onOverflow: () => void) {
  const decoder = new TextDecoder()
  let pending = ''
  function take(lines: string[]): void {
    for (const line of lines) {
      if (!line.startsWith('{')) continue
      try {
        onLine(JSON.parse(line))
      } catch {
        // A line that is not JSON (a progress message, say) carries nothing for Codex.
      }
    }
  }
  return {
    push(bytes: Uint8Array): void {
      pending += decoder.decode(bytes, { stream: true })
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      if (pending.length > MAX_LINE_BYTES) {
        pending = ''
        onOverflow()
      }
      take(lines)
    },
    end(): void {
      pending += decoder.decode()
      take([pending])
      pending = ''
    },
  }
}
