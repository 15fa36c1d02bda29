import type { ResolvedModel } from '../../../shared/host-protocol'
import { serveThroughUpstream, type ServeOptions } from '../serve-through-upstream'
import type { UpstreamAdapter } from '../upstream-adapter'
import { classifyHttpFailure } from '../upstream-failure'
import type { ResponsesContext } from './responses-context'
import { createResponsesRelay, relayEgress } from './responses-relay'
import { buildResponsesRequest } from './responses-request'
import { createResponsesStreamTranslator } from './responses-stream'

/**
 * Upstreams that speak the Responses API themselves (`provider: "responses"`), translated into the canonical
 * stream: what the chat and Messages doors, compaction summaries and the router's classifier use.
 */
export const responsesAdapter = {
  name: 'responses',
  buildRequest: buildResponsesRequest,
  createTranslator: createResponsesStreamTranslator,
  // The upstream seals its own reasoning (`encrypted_content`), which goes back to it as it is.
  sealReasoning: () => null,
  classifyHttpError: (context, status, headers, bodyText) =>
    classifyHttpFailure(status, headers, bodyText, context.secrets),
} satisfies UpstreamAdapter<ResponsesContext>

/** The same upstream for a client that speaks Responses too: its stream is relayed, not rebuilt (responses-relay.ts). */
export const responsesRelayAdapter = {
  ...responsesAdapter,
  name: 'responses-relay',
  createTranslator: createResponsesRelay,
} satisfies UpstreamAdapter<ResponsesContext>

/**
 * A streaming `/v1/responses` request for a Responses upstream, under every route's bounds (serveThroughUpstream:
 * header grace, timeouts, keepalives, a departed client aborting the upstream; errors mapped as for any
 * upstream), with the upstream's events passed on as they came.
 */
export function relayResponses(
  body: Record<string, unknown>,
  model: ResolvedModel,
  options: ServeOptions,
): Promise<Response> {
  return serveThroughUpstream(responsesRelayAdapter, body, model, { ...options, egress: relayEgress })
}
