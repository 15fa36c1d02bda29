import type { ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import { isRecord } from '../../http/bad-request'
import { failureToStreamError } from '../failure-to-client'
import { classifyStreamError, type UpstreamFailure } from '../upstream-failure'
import type { ResponsesContext } from './responses-context'
import { incompleteReasonOf, isExtraEvent, isResponsesEvent, usageOf } from './responses-events'

/** A complete Response body, as far as ending a response needs to know. */
export type ResponseBody = Record<string, unknown> & { output: unknown[] }

/**
 * How a response from a Responses upstream ends, the same whether it is relayed (Codex's door) or translated
 * (the other doors): the writer learns the usage and the status, or a failure worded and coded as every
 * upstream's is (failure-to-client.ts): the upstream's own, an answer that is not the Responses API at all, or a
 * stream that stopped before its terminal event.
 */
export function createResponseEnding(context: ResponsesContext, writer: ResponsesStreamWriter) {
  /** An `error` event's error, for the failure that follows it (or the stream's end, if nothing does). */
  let error: unknown
  let hasStarted = false

  function fail(upstreamError?: unknown): void {
    const { code, message } = failureToStreamError(upstreamFailureOf(upstreamError ?? error, context), context.slug)
    writer.fail(code, message)
  }

  function refuse(what: string): void {
    const failure: UpstreamFailure = {
      kind: 'unusable',
      message: `the upstream did not answer in the Responses API's format (${what}): check that provider "responses" is right for this base_url`,
    }
    const { code, message } = failureToStreamError(failure, context.slug)
    writer.fail(code, message)
  }

  return {
    fail,
    refuse,
    hasStarted: (): boolean => hasStarted,
    /**
     * Whether an event is one of the API's, to translate or relay (`undefined`: not JSON with a type). The first
     * event that is not (pings and keepalives aside) shows the answer is not a Responses stream, and ends the
     * response; later ones are skipped, as STYLE.md §3 has it for upstreams.
     */
    admits(type: string | undefined): type is string {
      if (isResponsesEvent(type)) {
        hasStarted = true
        return true
      }
      if (!hasStarted && !isExtraEvent(type)) refuse(`its first event is ${type ?? 'not JSON with a type'}`)
      return false
    },
    /** An `error` event: nested (`{"type":"error","error":{…}}`, fixture 04) or flat. */
    noteError(event: Record<string, unknown>): void {
      error = isRecord(event.error) ? event.error : event
    },
    finish(response: unknown, status: 'completed' | 'incomplete'): void {
      const usage = usageOf(response)
      if (usage) writer.setUsage(usage)
      if (status === 'incomplete') writer.incomplete(incompleteReasonOf(response))
      else writer.complete()
    },
    /** The upstream's body ended: a response it did not end is a failure, never a stream that just stops. */
    streamEnded(): void {
      if (writer.isFinished()) return
      if (error !== undefined) {
        fail()
        return
      }
      writer.fail('server_error', `${context.slug}: the upstream ended the stream before response.completed.`)
    },
    /** A complete answer as a Response, or undefined once it ended the response as the failure it is. */
    responseOf(body: unknown): ResponseBody | undefined {
      if (isRecord(body) && Array.isArray(body.output)) {
        if (body.status !== 'failed') return body as ResponseBody
        fail(body.error)
      } else if (isRecord(body) && isRecord(body.error)) fail(body.error)
      else refuse('a JSON body without an output list')
      return undefined
    },
  }
}

function upstreamFailureOf(error: unknown, context: ResponsesContext): UpstreamFailure {
  if (error === undefined || error === null)
    return { kind: 'unavailable', status: 500, message: 'the upstream reported a failure without saying why' }
  const failure = classifyStreamError(error, context.secrets)
  // `invalid_prompt` is the Responses API's own code for a request no retry fixes (codex-client.md §5).
  if (failure.kind === 'unavailable' && isRecord(error) && error.code === 'invalid_prompt')
    return { kind: 'rejected', status: 400, reason: 'request', message: failure.message }
  return failure
}
