import type { ResolvedModel } from '../../shared/host-protocol'
import { createResponsesStreamWriter } from '../canonical/responses-stream-writer'
import { GatewayError } from '../http/gateway-error'
import type { EgressFactory, ResponseObject } from '../egress/egress'
import { responsesEgress } from '../egress/responses-egress'
import { jsonResponse } from '../http/json-response'
import type { RequestSummary } from '../http/request-summary'
import { pumpUpstreamStream } from './pump-upstream-stream'
import type { UpstreamAdapter } from './upstream-adapter'
import { fetchOutcome, sleep, transportFailure, type AbortCause, type FetchOutcome } from './upstream-fetch'
import { failureToGatewayError, type UpstreamFailure } from './upstream-failure'

export interface ServeOptions {
  summary: RequestSummary
  waitUntil: (promise: Promise<unknown>) => void
  /** Longest wait for upstream headers, and longest silence between upstream chunks. */
  timeoutMs: number
  /**
   * How long to hold the client's response for upstream headers. Errors usually arrive within it and become
   * real HTTP statuses (429 with retry-after, 401, ...); after it the SSE stream starts, with keepalives, and
   * errors become `response.failed`.
   */
  headerGraceMs: number
  /** The client's wire format (default: Responses, as Codex speaks it). */
  egress?: EgressFactory
}

/** Serves one Responses request from a translated upstream: fetch, then a translated stream or a complete body. */
export async function serveThroughUpstream<Context>(
  adapter: UpstreamAdapter<Context>,
  body: Record<string, unknown>,
  model: ResolvedModel,
  options: ServeOptions,
): Promise<Response> {
  if (model.missingApiKeyEnv !== undefined) {
    throw new GatewayError(
      401,
      'missing_api_key',
      `Model ${model.slug} reads its API key from $${model.missingApiKeyEnv}, which is not set where the gateway runs. Set it, then run \`codex-shim restart\`.`,
    )
  }
  const plan = adapter.buildRequest(body, model)
  options.summary.dropped = plan.dropped

  const controller = new AbortController()
  let abortCause: AbortCause | undefined
  const abort = (cause: AbortCause) => {
    abortCause ??= cause
    controller.abort()
  }
  const headerTimer = setTimeout(() => abort('timeout'), options.timeoutMs)
  const settled = fetchOutcome(plan.url, { method: 'POST', headers: plan.headers, body: plan.body, signal: controller.signal })
  const classify = (outcome: FetchOutcome & { response: Response }) =>
    outcome.response.text().then((text) => adapter.classifyHttpError(plan.context, outcome.response.status, outcome.response.headers, text))

  if (!plan.isStreaming) {
    // The timer stays armed until the whole body is in: a complete answer that stalls halfway is a timeout too.
    const outcome = await settled
    if ('error' in outcome) {
      clearTimeout(headerTimer)
      throw failureToGatewayError(transportFailure(outcome.error, abortCause, options.timeoutMs), model.slug)
    }
    let completion: unknown
    try {
      if (!outcome.response.ok) throw failureToGatewayError(await classify(outcome), model.slug)
      completion = await outcome.response.json()
    } catch (error) {
      if (error instanceof GatewayError) throw error
      if (abortCause === 'timeout') throw failureToGatewayError(transportFailure(error, abortCause, options.timeoutMs), model.slug)
      throw new GatewayError(502, 'upstream_invalid_json', `Upstream for ${model.slug} answered with something that is not JSON.`, { cause: error })
    } finally {
      clearTimeout(headerTimer)
    }
    const writer = createResponsesStreamWriter({ model: model.slug, emit: () => undefined, sealReasoning: (text) => adapter.sealReasoning(plan.context, text) })
    adapter.createTranslator(plan.context, writer).onCompletion(completion)
    const response = writer.finalResponse()
    if (response.status === 'failed') {
      throw new GatewayError(502, 'upstream_error', (response.error as { message?: string } | null)?.message ?? 'The upstream failed.')
    }
    return jsonResponse((options.egress ?? responsesEgress)(model.slug).finalBody(response as unknown as ResponseObject))
  }

  const early = await Promise.race([settled, sleep(options.headerGraceMs)])
  let prefailure: UpstreamFailure | undefined
  if (early !== undefined) {
    if ('error' in early) {
      clearTimeout(headerTimer)
      throw failureToGatewayError(transportFailure(early.error, abortCause, options.timeoutMs), model.slug)
    }
    if (!early.response.ok) {
      clearTimeout(headerTimer)
      prefailure = await classify(early)
      // Codex compacts only on a streamed context_length_exceeded; everything else is clearer as an HTTP status.
      if (prefailure.kind !== 'context_length_exceeded') throw failureToGatewayError(prefailure, model.slug)
    }
  }

  options.summary.isDeferred = true
  const egress = (options.egress ?? responsesEgress)(model.slug)
  const { readable, writable } = new IdentityTransformStream()
  options.waitUntil(
    pumpUpstreamStream({
      adapter,
      context: plan.context,
      slug: model.slug,
      settled,
      prefailure,
      headerTimer,
      abort,
      abortCause: () => abortCause,
      timeoutMs: options.timeoutMs,
      out: writable.getWriter(),
      summary: options.summary,
      egress,
    }),
  )
  return new Response(readable, { headers: { 'content-type': egress.contentType, 'cache-control': 'no-cache', 'x-accel-buffering': 'no' } })
}
