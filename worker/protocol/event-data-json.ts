/**
 * An SSE event's data as JSON, for the narrowing of one wire format's events that follows; `undefined` when it is
 * not JSON (a proxy's banner, a comment without its colon), which JSON itself never is, so the narrowing reads it
 * as an event of a shape it does not know.
 */
export function jsonOfEventData(data: string): unknown {
  try {
    return JSON.parse(data)
  } catch {
    // Not JSON: not an event of the API; what it is does not matter, only that it is skipped.
    return undefined
  }
}
