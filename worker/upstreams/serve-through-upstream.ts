import type { ResolvedModel } from '../../shared/host-protocol'
import { GatewayError } from '../http/gateway-error'
import { responsesEgress } from '../egress/responses-egress'
import { answerBodyKind, HTML_ANSWER } from './answer-body-kind'
import { sleep } from './sleep'
import { failureToGatewayError } from './failure-to-client'
import { assertApiKeyAvailable } from './missing-api-key'
import { pumpUpstreamStream } from './pump-upstream-stream'
import { serveCompleteAnswer } from './serve-complete-answer'
import type { ServeOptions } from './serve-options'
import type { UpstreamAdapter, UpstreamPlan } from './upstream-adapter'
import { startUpstreamCall, transportFailure } from './upstream-call'
import type { UpstreamFailure } from './upstream-failure'

export type { ServeOptions } from './serve-options'

/** Serves one Responses request from a translated upstream: fetch, then a translated stream or a complete body. */
export async function serveThroughUpstream<Context>(
  adapter: UpstreamAdapter<Context>,
  body: Record<string, unknown>,
  model: ResolvedModel,
  options: ServeOptions,
): Promise<Response> {
  assertApiKeyAvailable(model)
  const plan = (options.plan as UpstreamPlan<Context> | undefined) ?? adapter.buildRequest(body, model, options.secrets)
  options.summary.dropped = plan.dropped
  const call = startUpstreamCall(plan, {
    timeoutMs: options.timeoutMs,
    revise: plan.reviseAfterRefusal,
    onRevised: (note) => plan.dropped.push(note),
  })
  if (!plan.isStreaming)
    return serveCompleteAnswer({
      adapter,
      plan,
      call,
      slug: model.slug,
      secrets: options.secrets,
      egress: options.egress ?? responsesEgress,
    })

  // Errors that arrive within the grace become HTTP statuses; after it they end the stream (the pump).
  const early = await Promise.race([call.settled, sleep(options.headerGraceMs)])
  let prefailure: UpstreamFailure | undefined
  if (early?.kind === 'failed') {
    call.disarmHeaderTimer()
    throw failureToGatewayError(
      transportFailure(early.error, call.abortCause(), options.timeoutMs, options.secrets),
      model.slug,
    )
  }
  if (early?.kind === 'refused') {
    call.disarmHeaderTimer()
    prefailure = adapter.classifyHttpError(plan.context, early.status, early.headers, early.bodyText)
    // Codex compacts only on a streamed context_length_exceeded; everything else is clearer as an HTTP status.
    if (prefailure.kind !== 'context_length_exceeded') throw failureToGatewayError(prefailure, model.slug)
  }
  if (early?.kind === 'answered' && answerBodyKind(early.response.headers) === 'html') {
    call.disarmHeaderTimer()
    await early.response.body?.cancel().catch(() => undefined) // a web page, of no use; the connection may be gone already
    throw new GatewayError(400, 'upstream_unusable', `${model.slug}: ${HTML_ANSWER}`, { type: 'invalid_request_error' })
  }

  options.summary.isDeferred = true
  const egress = (options.egress ?? responsesEgress)(model.slug)
  const { readable, writable } = new IdentityTransformStream()
  options.waitUntil(
    pumpUpstreamStream({
      adapter,
      context: plan.context,
      slug: model.slug,
      call,
      prefailure,
      secrets: options.secrets,
      out: writable.getWriter(),
      summary: options.summary,
      egress,
    }),
  )
  return new Response(readable, {
    headers: { 'content-type': egress.contentType, 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
  })
}
