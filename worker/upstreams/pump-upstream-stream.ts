import { createResponsesStreamWriter } from '../canonical/responses-stream-writer'
import type { RequestSummary } from '../http/request-summary'
import type { Egress } from '../egress/egress'
import { SSE_KEEPALIVE } from '../protocol/encode-sse'
import { createSseDecoder } from '../protocol/sse-decoder'
import type { UpstreamAdapter } from './upstream-adapter'
import { sleep, transportFailure, type AbortCause, type FetchOutcome } from './upstream-fetch'
import { failureToStreamError, type UpstreamFailure } from './upstream-failure'

export interface PumpInput<Context> {
  adapter: UpstreamAdapter<Context>
  context: Context
  slug: string
  settled: Promise<FetchOutcome>
  /** An upstream error already known (context overflow) to report as the stream's failure. */
  prefailure?: UpstreamFailure
  headerTimer: ReturnType<typeof setTimeout>
  abort: (cause: AbortCause) => void
  abortCause: () => AbortCause | undefined
  timeoutMs: number
  out: WritableStreamDefaultWriter<Uint8Array>
  summary: RequestSummary
  egress: Egress
}

/** How often to write a keepalive while the upstream has not answered: a failed write means the client left. */
const KEEPALIVE_INTERVAL_MS = 500
const encoder = new TextEncoder()
const keepaliveBytes = encoder.encode(SSE_KEEPALIVE)

/**
 * The hot path (ARCHITECTURE.md): read an upstream chunk, decode its SSE events, translate them, encode what
 * they produced, and write it to the client in one write. A write that fails means Codex went away, and the
 * upstream request is aborted at once. Every path ends with exactly one terminal event.
 */
export async function pumpUpstreamStream<Context>(input: PumpInput<Context>): Promise<void> {
  const pending: string[] = []
  let bytesOut = 0
  const writer = createResponsesStreamWriter({
    model: input.slug,
    emit: (event) => pending.push(input.egress.encode(event)),
    sealReasoning: (text) => input.adapter.sealReasoning(input.context, text),
  })

  async function send(bytes: Uint8Array): Promise<boolean> {
    try {
      await input.out.write(bytes)
      bytesOut += bytes.byteLength
      return true
    } catch {
      input.abort('client_gone')
      return false
    }
  }

  async function flush(): Promise<boolean> {
    if (pending.length === 0) return true
    const text = pending.join('')
    pending.length = 0
    return text === '' ? true : send(encoder.encode(text))
  }

  function fail(failure: UpstreamFailure): void {
    const error = failureToStreamError(failure, input.slug)
    writer.fail(error.code, error.message)
  }

  try {
    writer.start()
    if (!(await flush())) return
    if (input.prefailure) return fail(input.prefailure)

    let outcome: FetchOutcome | undefined
    while (outcome === undefined) {
      outcome = await Promise.race([input.settled, sleep(KEEPALIVE_INTERVAL_MS)])
      if (outcome === undefined && !(await send(keepaliveBytes))) return
    }
    clearTimeout(input.headerTimer)
    if ('error' in outcome) return fail(transportFailure(outcome.error, input.abortCause(), input.timeoutMs))
    const response = outcome.response
    if (!response.ok) {
      const text = await response.text()
      return fail(input.adapter.classifyHttpError(input.context, response.status, response.headers, text))
    }
    if (response.body === null) return fail({ kind: 'unavailable', status: response.status, message: 'empty body' })

    const translator = input.adapter.createTranslator(input.context, writer)
    const decoder = createSseDecoder({ onEvent: translator.onEvent })
    const reader = response.body.getReader()
    for (;;) {
      const idleTimer = setTimeout(() => input.abort('timeout'), input.timeoutMs)
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await reader.read()
      } catch (error) {
        if (input.abortCause() === 'client_gone') return
        decoder.end()
        return fail(transportFailure(error, input.abortCause(), input.timeoutMs))
      } finally {
        clearTimeout(idleTimer)
      }
      if (chunk.done) break
      decoder.push(chunk.value)
      if (!(await flush())) {
        await reader.cancel().catch(() => undefined)
        return
      }
    }
    decoder.end()
    translator.onEnd()
  } catch (error) {
    // A bug in translation must still end the stream properly, and be visible in the log.
    console.error('[stream] translation failed:', error)
    writer.fail('server_error', 'The gateway failed while translating the upstream stream; see its log.')
  } finally {
    clearTimeout(input.headerTimer)
    if (!writer.isFinished && input.abortCause() !== 'client_gone') writer.fail('server_error', 'The upstream stream ended unexpectedly.')
    await flush()
    await input.out.close().catch(() => undefined)
    const final = writer.finalResponse()
    const error = final.error as { code?: string } | null
    input.summary.finish({ status: 200, bytes: bytesOut, failureCode: input.abortCause() === 'client_gone' ? 'client_disconnected' : error?.code, usage: final.usage })
  }
}
