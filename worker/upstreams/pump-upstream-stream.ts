import { createResponsesStreamWriter, type ResponsesStreamWriter } from '../canonical/responses-stream-writer'
import type { Egress } from '../egress/egress'
import type { RequestSummary } from '../http/request-summary'
import { createSseDecoder, type SseOverflow } from '../protocol/sse-decoder'
import { answerBodyKind, HTML_ANSWER } from './answer-body-kind'
import { awaitKeepingAlive, createClientStream, type ClientStream } from './client-stream'
import { watchStream } from './stream-watchdog'
import { failureToStreamError } from './failure-to-client'
import { MAX_JSON_BODY_BYTES, readCapped } from './read-upstream-body'
import { createUpstreamBodyReader } from './upstream-body-reader'
import type { StreamTranslator, UpstreamAdapter } from './upstream-adapter'
import { transportFailure, type UpstreamCall } from './upstream-call'
import type { UpstreamFailure } from './upstream-failure'

export interface PumpInput<Context> {
  adapter: UpstreamAdapter<Context>
  context: Context
  slug: string
  call: UpstreamCall
  /** An upstream error already known (context overflow) to report as the stream's failure. */
  prefailure?: UpstreamFailure
  secrets: readonly string[]
  out: WritableStreamDefaultWriter<Uint8Array>
  summary: RequestSummary
  egress: Egress
}

const MIB = 1024 * 1024

/**
 * The hot path (ARCHITECTURE.md): read an upstream chunk, decode its SSE events, translate them, encode what
 * they produced, and write it to the client in one write. Whenever the client has had nothing for a moment
 * (waiting for headers, a tool call being assembled, a model thinking silently) it gets a keepalive, so a departed
 * client shows within a second and the upstream request is aborted. Every path ends with exactly one terminal event.
 */
export async function pumpUpstreamStream<Context>(input: PumpInput<Context>): Promise<void> {
  const { call } = input
  const pending: string[] = []
  const client = createClientStream(input.out, { onGone: () => call.abort('client_gone') })
  const writer = createResponsesStreamWriter({
    model: input.slug,
    emit: (event) => pending.push(input.egress.encode(event)),
    sealReasoning: (text) => input.adapter.sealReasoning(input.context, text),
  })

  let translator: StreamTranslator | undefined
  async function flush(): Promise<boolean> {
    // A relay's own text first: in a relay the writer's events are only ever its terminal failure.
    const relayed = translator?.takeRelayed?.() ?? ''
    if (pending.length === 0 && relayed === '') return !client.isGone()
    const text = relayed + pending.join('')
    pending.length = 0
    return client.sendText(text)
  }

  const fail = (failure: UpstreamFailure): void => {
    const error = failureToStreamError(failure, input.slug)
    writer.fail(error.code, error.message)
  }

  try {
    writer.start()
    if (!(await flush())) return
    if (input.prefailure) return fail(input.prefailure)

    const waited = await awaitKeepingAlive(call.settled, client)
    if (waited === undefined) return
    const outcome = waited.value
    if (outcome.kind === 'failed')
      return fail(transportFailure(outcome.error, call.abortCause(), call.timeoutMs, input.secrets))
    if (outcome.kind === 'refused') {
      call.disarmHeaderTimer()
      return fail(input.adapter.classifyHttpError(input.context, outcome.status, outcome.headers, outcome.bodyText))
    }
    translator = input.adapter.createTranslator(input.context, writer)
    const kind = answerBodyKind(outcome.response.headers)
    if (kind === 'html') {
      await outcome.response.body?.cancel().catch(() => undefined) // nothing in it is of use; the connection may be gone already
      return fail({ kind: 'unusable', message: HTML_ANSWER })
    }
    if (kind === 'json') return await translateJsonAnswer(outcome.response, translator, input, fail)
    call.disarmHeaderTimer()
    await translateEventStream(outcome.response, translator, client, flush, input, fail)
  } catch (error) {
    // A bug in translation must still end the stream properly, and be visible in the log.
    console.error('[stream] translation failed:', error)
    writer.fail('server_error', 'The gateway failed while translating the upstream stream; see its log.')
  } finally {
    call.disarmHeaderTimer()
    if (!writer.isFinished() && !client.isGone())
      writer.fail('server_error', `${input.slug}: the upstream stream ended unexpectedly.`)
    await flush()
    await client.close()
    finishSummary(input.summary, writer, client, call)
  }
}

async function translateEventStream<Context>(
  response: Response,
  translator: StreamTranslator,
  client: ClientStream,
  flush: () => Promise<boolean>,
  input: PumpInput<Context>,
  fail: (failure: UpstreamFailure) => void,
): Promise<void> {
  const { call } = input
  let overflow: SseOverflow | undefined
  const decoder = createSseDecoder({ onEvent: translator.onEvent, onOverflow: (problem) => (overflow = problem) })
  if (response.body === null) return fail({ kind: 'unavailable', status: response.status, message: 'empty body' })
  const reader = createUpstreamBodyReader(response.body)
  const watchdog = watchStream(client, { idleMs: call.timeoutMs, onIdle: () => call.abort('timeout') })
  try {
    for (;;) {
      let bytes: Uint8Array | undefined
      try {
        bytes = await reader.read()
      } catch (error) {
        if (call.abortCause() === 'client_gone') return
        decoder.end()
        return fail(transportFailure(error, call.abortCause(), call.timeoutMs, input.secrets))
      }
      if (bytes === undefined) break
      watchdog.sawData()
      decoder.push(bytes) // decoded at once, so the reader may reuse the buffer
      if (overflow) {
        await reader.cancel().catch(() => undefined) // we stop reading; the rest is not wanted
        return fail({
          kind: 'unusable',
          message: `the upstream sent one SSE event larger than ${Math.round(overflow.limit / MIB)} MiB, the most the gateway takes in one event`,
        })
      }
      // A chunk that produced nothing (a tool call's fragments are held until it is whole) is kept alive by the watchdog.
      if (!(await flush())) {
        await reader.cancel().catch(() => undefined) // the client left; the upstream is aborted
        return
      }
    }
  } finally {
    watchdog.stop()
  }
  decoder.end()
  translator.onEnd()
}

/**
 * An upstream that ignored `stream: true` and answered with one JSON body: translated like a non-streaming answer,
 * then streamed. The header timer stays armed until the body is in, as for any complete answer.
 */
async function translateJsonAnswer<Context>(
  response: Response,
  translator: StreamTranslator,
  input: PumpInput<Context>,
  fail: (failure: UpstreamFailure) => void,
): Promise<void> {
  const read = await readCapped(response.body, MAX_JSON_BODY_BYTES)
  if (read.error !== undefined)
    return fail(transportFailure(read.error, input.call.abortCause(), input.call.timeoutMs, input.secrets))
  if (read.isTruncated)
    return fail({
      kind: 'unusable',
      message: `the upstream answered with a JSON body larger than ${Math.round(MAX_JSON_BODY_BYTES / MIB)} MiB`,
    })
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder().decode(read.bytes))
  } catch {
    // Labelled JSON but not JSON: a broken answer, which a retry may well fix.
    return fail({
      kind: 'unavailable',
      status: response.status,
      message: 'the upstream answered with a JSON content type but a body that is not JSON',
    })
  }
  translator.onCompletion(body)
}

function finishSummary(
  summary: RequestSummary,
  writer: ResponsesStreamWriter,
  client: ClientStream,
  call: UpstreamCall,
): void {
  const final = writer.finalResponse()
  const error = final.error as { code?: string } | null
  const failureCode = call.abortCause() === 'client_gone' ? 'client_disconnected' : error?.code
  summary.finish({ status: 200, bytes: client.bytesOut(), failureCode, usage: final.usage })
}
