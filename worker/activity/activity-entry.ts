import type { FinishedRequest } from '../http/request-summary'

/** One model request as the live panel shows it: the request log's summary, nothing more (never prompt text). */
export interface ActivityEntry {
  /** Increases by one per recorded request in this isolate; the page asks for entries after the last it has. */
  seq: number
  /** When the request finished, ISO 8601. */
  at: string
  endpoint: string
  slug?: string
  route?: string
  status: number
  /** The request failed: an HTTP error, or a stream that ended in `response.failed` (code below). */
  isFailed: boolean
  errorCode?: string
  ttfbMs: number
  durationMs: number
  tokens?: { input: number; output: number; cached: number }
}

/** The doors models are served through; the picker's own calls, /health and /v1/models are not model requests. */
const MODEL_ENDPOINTS = new Set([
  '/v1/responses',
  '/v1/responses/compact',
  '/v1/messages',
  '/v1/messages/count_tokens',
  '/v1/chat/completions',
])

/** The entry for a finished request, or undefined when it was not a model request. */
export function activityEntryOf(request: FinishedRequest, seq: number): ActivityEntry | undefined {
  if (request.method !== 'POST' || !MODEL_ENDPOINTS.has(request.path)) return undefined
  const { outcome, summary } = request
  const usage = outcome.usage
  return {
    seq,
    at: new Date(request.startedAt + request.totalMs).toISOString(),
    endpoint: request.path,
    ...(summary.slug === undefined ? {} : { slug: summary.slug }),
    ...(summary.route === undefined ? {} : { route: summary.route }),
    status: outcome.status,
    isFailed: outcome.status >= 400 || outcome.failureCode !== undefined,
    ...(outcome.failureCode === undefined ? {} : { errorCode: outcome.failureCode }),
    ttfbMs: request.headMs,
    durationMs: request.totalMs,
    ...(usage
      ? {
          tokens: {
            input: usage.input_tokens,
            output: usage.output_tokens,
            cached: usage.input_tokens_details?.cached_tokens ?? 0,
          },
        }
      : {}),
  }
}
