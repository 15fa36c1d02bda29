import type { ResolvedModel } from '../../shared/host-protocol'
import type { ResponsesStreamWriter } from '../canonical/responses-stream-writer'
import type { SseEvent } from '../protocol/sse-decoder'
import type { Reviser } from './upstream-call'
import type { UpstreamFailure } from './upstream-failure'

/** The upstream request an adapter built, with what the response side needs to translate the answer. */
export interface UpstreamPlan<Context> {
  url: string
  headers: Record<string, string>
  body: string
  isStreaming: boolean
  /** Request fields that could not be expressed upstream, with why; logged in the request summary. */
  dropped: string[]
  context: Context
  /** A refusal that a changed request avoids (a field the server does not know, a lower output cap): tried once. */
  reviseAfterRefusal?: Reviser
}

export interface StreamTranslator {
  onEvent: (event: SseEvent) => void
  /** The upstream body ended (cleanly or not); the translator ends the response either way. */
  onEnd: () => void
  /** A complete non-streaming reply. */
  onCompletion: (body: unknown) => void
  /**
   * Wire text the translator passes on itself, for a relay of an upstream that already speaks the client's
   * format (responses/responses-relay.ts); the pump writes it before the writer's own events.
   */
  takeRelayed?: () => string
}

/** One upstream wire format: a small set of pure functions (STYLE.md §3). */
export interface UpstreamAdapter<Context> {
  /** Shown in logs as the route. */
  name: string
  /** `knownSecrets`: the gateway's own (its token), redacted with the model's key and headers from every message. */
  buildRequest: (
    body: Record<string, unknown>,
    model: ResolvedModel,
    knownSecrets?: readonly string[],
  ) => UpstreamPlan<Context>
  createTranslator: (context: Context, writer: ResponsesStreamWriter) => StreamTranslator
  /** Packs the text of a finished reasoning item into `encrypted_content`. */
  sealReasoning: (context: Context, text: string) => string | null
  classifyHttpError: (context: Context, status: number, headers: Headers, bodyText: string) => UpstreamFailure
}
