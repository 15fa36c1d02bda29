import { SSE_KEEPALIVE } from '../protocol/encode-sse'

/**
 * How long the client may go without a byte from us. workerd notices a departed client only when a write to it
 * fails (reference/toolchain.md §3), and the first write after the client left still lands in the socket, so a
 * departure shows about two intervals later: about half a second of an upstream generating, and billing, for no one.
 */
export const KEEPALIVE_AFTER_MS = 250

const encoder = new TextEncoder()
const keepaliveBytes = encoder.encode(SSE_KEEPALIVE)

export interface ClientStream {
  /** False once a write failed: the client left, and `onGone` has run. */
  send: (bytes: Uint8Array) => Promise<boolean>
  sendText: (text: string) => Promise<boolean>
  /** A keepalive comment when nothing was written for KEEPALIVE_AFTER_MS and the stream is between events. */
  keepaliveIfIdle: () => Promise<boolean>
  bytesOut: () => number
  /** True once a write failed: the client left. */
  isGone: () => boolean
  close: () => Promise<void>
  /** Ends the stream as broken (the client sees the connection fail), for a body that cannot be ended cleanly. */
  abort: () => Promise<void>
}

export interface ClientStreamOptions {
  /** Called once, when a write fails. */
  onGone: () => void
  /** Whether a comment may be written now (a relay mid-event may not); always, when absent. */
  isBetweenEvents?: () => boolean
}

/** The response stream to the client, with the keepalive and departure bookkeeping every streaming route needs. */
export function createClientStream(
  out: WritableStreamDefaultWriter<Uint8Array>,
  options: ClientStreamOptions,
): ClientStream {
  let lastWriteAt = Date.now()
  let bytesOut = 0
  let isGone = false

  async function send(bytes: Uint8Array): Promise<boolean> {
    if (isGone) return false
    try {
      await out.write(bytes)
      bytesOut += bytes.byteLength
      lastWriteAt = Date.now()
      return true
    } catch {
      // The only way a write to our own response fails is the client closing it.
      isGone = true
      options.onGone()
      return false
    }
  }

  return {
    send,
    sendText: (text) => (text === '' ? Promise.resolve(!isGone) : send(encoder.encode(text))),
    async keepaliveIfIdle() {
      if (isGone) return false
      if (Date.now() - lastWriteAt < KEEPALIVE_AFTER_MS || options.isBetweenEvents?.() === false) return true
      return send(keepaliveBytes)
    },
    // Methods, not getters: V8 keeps an object literal's accessors in the old generation, which holds the closures,
    // and through them the whole request, alive until a full collection (scripts/lint/object-literal-accessors.grit).
    bytesOut: () => bytesOut,
    isGone: () => isGone,
    close: () => out.close().catch(() => undefined), // already closed or errored by a departed client: nothing to do
    abort: () => out.abort().catch(() => undefined), // as for close
  }
}

/**
 * Waits for `promise` while keeping the client stream alive: a keepalive whenever it has been quiet for
 * KEEPALIVE_AFTER_MS. Resolves `undefined` when the client left meanwhile (the upstream is then aborted by the
 * stream's `onGone`); a rejection of `promise` passes through.
 */
export async function awaitKeepingAlive<T>(
  promise: Promise<T>,
  client: ClientStream,
): Promise<{ value: T } | undefined> {
  const settled = promise.then((value) => ({ value }))
  for (;;) {
    let resolveTick: (value: undefined) => void = () => undefined
    const tick = new Promise<undefined>((resolve) => (resolveTick = resolve))
    const timer = setTimeout(() => resolveTick(undefined), KEEPALIVE_AFTER_MS)
    const result = await Promise.race([settled, tick]).finally(() => clearTimeout(timer))
    if (result !== undefined) return result
    if (!(await client.keepaliveIfIdle())) return undefined
  }
}
