import type { ResolvedModel } from '../../../shared/host-protocol'
import { outputLimitOf } from '../output-limit'
import { secretsOfModel } from '../redact-secrets'
import type { UpstreamPlan } from '../upstream-adapter'
import type { ResponsesContext } from './responses-context'
import { inputForUpstream, withoutUnreadableBlobs } from './upstream-input'

/** `…/v1`, `…/openai/v1`, `…/zen/go/v1` take `/responses`; a bare host gets `/v1` first; a query (Azure's `api-version`) stays last. */
export function responsesUrl(baseUrl: string): string {
  const url = new URL(baseUrl)
  const path = url.pathname.replace(/\/+$/, '')
  if (!path.endsWith('/responses')) url.pathname = `${path === '' ? '/v1' : path}/responses`
  return url.toString()
}

/**
 * The request for a Responses upstream: the client's own, with only the model name, the key and the model's
 * `extra_headers` changed, and our own items unpacked (upstream-input.ts). The row's `max_output_tokens` applies
 * as for any provider. A request that does not say whether to store it (the chat and Messages doors, our
 * compaction summaries) is sent with `store: false`: the gateway resends the whole conversation every turn, so
 * nothing needs to stay on the upstream's servers.
 */
export function buildResponsesRequest(
  body: Record<string, unknown>,
  model: ResolvedModel,
  knownSecrets: readonly string[] = [],
): UpstreamPlan<ResponsesContext> {
  const dropped: string[] = []
  const isStreaming = body.stream === true
  const payload: Record<string, unknown> = { ...body, model: model.model }
  if (body.input !== undefined) payload.input = inputForUpstream(body.input, dropped)
  if (body.store === undefined) payload.store = false
  const maxOutput = outputLimitOf(body, model, dropped)
  if (maxOutput !== undefined) payload.max_output_tokens = maxOutput

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: isStreaming ? 'text/event-stream' : 'application/json',
    ...model.extraHeaders,
  }
  const hasAuthorization = Object.keys(model.extraHeaders).some((name) => name.toLowerCase() === 'authorization')
  if (model.apiKey !== undefined && !hasAuthorization) headers.authorization = `Bearer ${model.apiKey}`

  return {
    url: responsesUrl(model.baseUrl),
    headers,
    body: JSON.stringify(payload),
    isStreaming,
    dropped,
    context: { slug: model.slug, secrets: [...secretsOfModel(model), ...knownSecrets] },
    reviseAfterRefusal: (status, bodyText) => withoutUnreadableBlobs(payload, status, bodyText),
  }
}
