const LF = 10
const CR = 13

/**
 * Whether the bytes relayed so far end between two SSE events (a blank line: LF LF, CR CR or CRLF CRLF), the only
 * place a keepalive comment can be added to a stream we pass on without changing an event.
 */
export function createEventBoundaryTracker() {
  // The start of a stream is between events.
  let tail: number[] = [LF, LF]
  return {
    observe(bytes: Uint8Array): void {
      const last = Array.from(bytes.subarray(Math.max(0, bytes.byteLength - 4)))
      tail = [...tail, ...last].slice(-4)
    },
    isAtBoundary(): boolean {
      const [a, b, c, d] = [tail.at(-4), tail.at(-3), tail.at(-2), tail.at(-1)]
      return (c === LF && d === LF) || (c === CR && d === CR) || (a === CR && b === LF && c === CR && d === LF)
    },
  }
}
