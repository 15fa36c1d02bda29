import { awaitKeepingAlive, createClientStream, type ClientStream } from '../client-stream'
import { watchStream } from '../stream-watchdog'
import { createUpstreamBodyReader, type UpstreamBodyReader } from '../upstream-body-reader'
import { transportFailure, type UpstreamCall } from '../upstream-call'
import { classifyHttpFailure, type UpstreamFailure } from '../upstream-failure'
import { createUsageReader, type UsageReader } from './answer-usage'
import { terminalErrorText } from './passthrough-errors'
import type { PassthroughRequest } from './serve-passthrough'

interface Relay {
  request: PassthroughRequest
  call: UpstreamCall
  client: ClientStream
  /** Set once the answer's body is being read; it knows whether the bytes relayed so far end between events. */
  body?: UpstreamBodyReader
  /** The answer's token counts for the log line, read from its first and last bytes once it has ended. */
  usage: UsageReader
}

function startRelay(
  request: PassthroughRequest,
  call: UpstreamCall,
  out: WritableStreamDefaultWriter<Uint8Array>,
): Relay {
  // Keepalives only in streams, and only between events: the bytes are the upstream's, and must stay its events.
  const client = createClientStream(out, {
    onGone: () => call.abort('client_gone'),
    isBetweenEvents: () => request.isStreaming && isBetweenEvents(relay),
  })
  const relay: Relay = { request, call, client, usage: createUsageReader(request.format) }
  return relay
}

/** The upstream answered within the grace, and the client has its status and headers: the body follows. */
export async function relayAnswer(
  request: PassthroughRequest,
  call: UpstreamCall,
  response: Response,
  out: WritableStreamDefaultWriter<Uint8Array>,
): Promise<void> {
  const relay = startRelay(request, call, out)
  let failureCode: string | undefined
  try {
    failureCode = await relayBody(relay, response)
  } finally {
    await finishRelay(relay, response.status, failureCode)
  }
}

/** The client's stream began before the upstream answered: keepalives until it does, then its body or its failure. */
export async function relayOnceAnswered(
  request: PassthroughRequest,
  call: UpstreamCall,
  out: WritableStreamDefaultWriter<Uint8Array>,
): Promise<void> {
  const relay = startRelay(request, call, out)
  let failureCode: string | undefined
  try {
    const waited = await awaitKeepingAlive(call.settled, relay.client)
    if (waited === undefined) {
      failureCode = 'client_disconnected'
      return
    }
    const outcome = waited.value
    if (outcome.kind === 'answered') {
      failureCode = await relayBody(relay, outcome.response)
      return
    }
    call.disarmHeaderTimer()
    const failure =
      outcome.kind === 'failed'
        ? transportFailure(outcome.error, call.abortCause(), call.timeoutMs, request.secrets)
        : classifyHttpFailure(outcome.status, outcome.headers, outcome.bodyText, request.secrets)
    failureCode = await endWithFailure(relay, failure)
  } finally {
    await finishRelay(relay, 200, failureCode)
  }
}

/**
 * Chunk by chunk, as it came. A stream gets the idle timeout on every read and keepalives while the upstream is
 * silent; a complete answer keeps the header timer as its deadline. Returns the failure code, if it failed.
 */
async function relayBody(relay: Relay, response: Response): Promise<string | undefined> {
  const { request, call, client } = relay
  if (request.isStreaming) call.disarmHeaderTimer()
  if (response.body === null) return undefined
  const reader = createUpstreamBodyReader(response.body)
  relay.body = reader
  // A complete answer has no idle limit of its own (the header timer stays its deadline), only keepalives.
  const watchdog = watchStream(client, {
    idleMs: request.isStreaming ? call.timeoutMs : Number.POSITIVE_INFINITY,
    onIdle: () => call.abort('timeout'),
  })
  try {
    for (;;) {
      let bytes: Uint8Array | undefined
      try {
        bytes = await reader.read()
      } catch (error) {
        if (call.abortCause() === 'client_gone') return 'client_disconnected'
        const failure = transportFailure(error, call.abortCause(), call.timeoutMs, request.secrets)
        if (request.isStreaming) return endWithFailure(relay, failure)
        // A complete JSON answer cut short cannot be ended in its own format: the client sees the connection break.
        return 'upstream_body_failed'
      }
      if (bytes === undefined) return undefined
      watchdog.sawData()
      // A copy: the reader reuses its buffer, while the write may still be queued and the usage reader keeps chunks.
      const chunk = bytes.slice()
      relay.usage.observe(chunk)
      if (!(await client.send(chunk))) {
        await reader.cancel().catch(() => undefined) // the client left; the upstream is aborted
        return 'client_disconnected'
      }
    }
  } finally {
    watchdog.stop()
  }
}

/** Before the body, the stream is between events too. */
const isBetweenEvents = (relay: Relay): boolean => relay.body?.isAtEventBoundary() ?? true

/** The format's terminal error, after a blank line if the upstream stopped mid-event. */
async function endWithFailure(relay: Relay, failure: UpstreamFailure): Promise<string> {
  const { text, code } = terminalErrorText(relay.request.format, relay.request.slug, failure)
  await relay.client.sendText((isBetweenEvents(relay) ? '' : '\n\n') + text)
  return code
}

async function finishRelay(relay: Relay, status: number, failureCode: string | undefined): Promise<void> {
  relay.call.disarmHeaderTimer()
  if (failureCode === 'upstream_body_failed') await relay.client.abort()
  else await relay.client.close()
  const usage = failureCode === undefined ? relay.usage.read() : undefined
  relay.request.options.summary.finish({ status, bytes: relay.client.bytesOut(), failureCode, usage })
}
