/**
 * Shared by every probe of one refresh: a 429 with `retry-after` holds them all back, not only the one that got
 * it, because OpenCode limits per key (reference/opencode-and-desktop.md §1.6).
 */
export function createRateGate() {
  let resumeAt = 0
  return {
    async wait(): Promise<void> {
      for (let delay = resumeAt - Date.now(); delay > 0; delay = resumeAt - Date.now())
        await new Promise((resolve) => setTimeout(resolve, delay))
    },
    holdFor(seconds: number): void {
      resumeAt = Math.max(resumeAt, Date.now() + seconds * 1000)
    },
  }
}

export type RateGate = ReturnType<typeof createRateGate>

/** `retry-after` in seconds or as an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const header = headers.get('retry-after')?.trim()
  if (header === undefined || header === '') return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}
