import { createResponsesStreamWriter, type FailureCode } from '../canonical/responses-stream-writer'
import type { EgressFactory, ResponseObject } from '../egress/egress'
import { GatewayError } from '../http/gateway-error'
import { jsonResponse } from '../http/json-response'
import { answerBodyKind, HTML_ANSWER } from './answer-body-kind'
import { failureToGatewayError, streamErrorToGatewayError } from './failure-to-client'
import { MAX_JSON_BODY_BYTES, readCapped } from './read-upstream-body'
import type { UpstreamAdapter, UpstreamPlan } from './upstream-adapter'
import { transportFailure, type UpstreamCall } from './upstream-call'

export interface CompleteAnswerInput<Context> {
  adapter: UpstreamAdapter<Context>
  plan: UpstreamPlan<Context>
  call: UpstreamCall
  slug: string
  secrets: readonly string[]
  egress: EgressFactory
}

const MIB = 1024 * 1024

/**
 * A non-streaming request: the whole answer, translated, as one body in the client's format. The header timer
 * stays armed until the body is in: a complete answer that stalls halfway is a timeout too.
 */
export async function serveCompleteAnswer<Context>(input: CompleteAnswerInput<Context>): Promise<Response> {
  const { call, slug } = input
  try {
    const outcome = await call.settled
    if (outcome.kind === 'failed')
      throw failureToGatewayError(
        transportFailure(outcome.error, call.abortCause(), call.timeoutMs, input.secrets),
        slug,
      )
    if (outcome.kind === 'refused')
      throw failureToGatewayError(
        input.adapter.classifyHttpError(input.plan.context, outcome.status, outcome.headers, outcome.bodyText),
        slug,
      )
    if (answerBodyKind(outcome.response.headers) === 'html') {
      await outcome.response.body?.cancel().catch(() => undefined) // a web page, of no use; the connection may be gone already
      throw new GatewayError(400, 'upstream_unusable', `${slug}: ${HTML_ANSWER}`, { type: 'invalid_request_error' })
    }
    const read = await readCapped(outcome.response.body, MAX_JSON_BODY_BYTES)
    if (read.error !== undefined)
      throw failureToGatewayError(transportFailure(read.error, call.abortCause(), call.timeoutMs, input.secrets), slug)
    if (read.isTruncated) {
      throw new GatewayError(
        400,
        'upstream_unusable',
        `${slug}: the upstream answered with a body larger than ${Math.round(MAX_JSON_BODY_BYTES / MIB)} MiB`,
        { type: 'invalid_request_error' },
      )
    }
    return translate(input, parseJson(read.bytes, slug))
  } finally {
    call.disarmHeaderTimer()
  }
}

function parseJson(bytes: Uint8Array, slug: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch (error) {
    throw new GatewayError(
      502,
      'upstream_invalid_json',
      `${slug}: the upstream answered with something that is not JSON.`,
      { cause: error },
    )
  }
}

function translate<Context>(input: CompleteAnswerInput<Context>, completion: unknown): Response {
  const { adapter, plan, slug } = input
  const writer = createResponsesStreamWriter({
    model: slug,
    emit: () => undefined,
    sealReasoning: (text) => adapter.sealReasoning(plan.context, text),
  })
  adapter.createTranslator(plan.context, writer).onCompletion(completion)
  const response = writer.finalResponse()
  if (response.status === 'failed') {
    const error = response.error as { code?: FailureCode; message?: string } | null
    throw streamErrorToGatewayError(error?.code ?? 'server_error', error?.message ?? `${slug}: the upstream failed.`)
  }
  return jsonResponse(input.egress(slug).finalBody(response as unknown as ResponseObject))
}
