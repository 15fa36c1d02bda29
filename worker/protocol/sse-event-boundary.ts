const LF = 10
const CR = 13

/**
 * Whether the bytes relayed so far end between two SSE events (a blank line: LF LF, CR CR or CRLF CRLF), the only
 * place a keepalive comment can be added to a stream we pass on without changing an event. It runs for every
 * chunk of a passthrough, so it keeps only the last four bytes, in one number, and allocates nothing.
 */
export function createEventBoundaryTracker() {
  // The start of a stream is between events; the newest byte is the lowest.
  let tail = (LF << 8) | LF
  return {
    observe(bytes: Uint8Array): void {
      for (let at = Math.max(0, bytes.byteLength - 4); at < bytes.byteLength; at++)
        tail = ((tail << 8) | (bytes[at] ?? 0)) >>> 0
    },
    isAtBoundary(): boolean {
      const last = tail & 0xffff
      return last === ((LF << 8) | LF) || last === ((CR << 8) | CR) || tail === 0x0d0a0d0a
    },
  }
}
