import type { EgressFactory } from '../egress/egress'
import type { RequestSummary } from '../http/request-summary'
import type { UpstreamPlan } from './upstream-adapter'

/** What every route that calls an upstream passes along: bounds, the request summary, and secrets to redact. */
export interface ServeOptions {
  summary: RequestSummary
  waitUntil: (promise: Promise<unknown>) => void
  /** Longest wait for upstream headers, and longest silence between upstream chunks. */
  timeoutMs: number
  /**
   * How long to hold the client's response for upstream headers. Errors usually arrive within it and become
   * real HTTP statuses (429 with retry-after, 400 for a rejection, ...); after it the SSE stream starts, with
   * keepalives, and errors become the stream's terminal error.
   */
  headerGraceMs: number
  /** The gateway's own secrets (its token, the HOST secret), redacted like the model's key from every message. */
  secrets: readonly string[]
  /** The client's wire format (default: Responses, as Codex speaks it). */
  egress?: EgressFactory
  /** The upstream request, when it was already built for exactly this request and model (routing/prebuilt-plan.ts). */
  plan?: UpstreamPlan<unknown>
}
