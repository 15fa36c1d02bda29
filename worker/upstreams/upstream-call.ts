import { readErrorText } from './read-upstream-body'
import { redactSecrets } from './redact-secrets'
import type { UpstreamFailure } from './upstream-failure'

/**
 * How one upstream request went: headers with a 2xx, a refusal whose body (at most 64 KB) is already read, or no
 * answer at all. A value, never a rejection, so races with timers leave nothing unhandled.
 */
export type FetchOutcome =
  | { kind: 'answered'; response: Response }
  | { kind: 'refused'; status: number; headers: Headers; bodyText: string; isTruncated: boolean }
  | { kind: 'failed'; error: unknown }

/** Why we aborted an upstream request ourselves, so the failure can say so. */
export type AbortCause = 'timeout' | 'client_gone'

export interface UpstreamRequestInit {
  url: string
  headers: HeadersInit
  body: BodyInit
}

/** A changed request body to try once more after a refusal (a field the server does not know, a lower cap). */
export interface Revision {
  body: string
  /** Logged with the request's dropped fields. */
  note: string
}

export type Reviser = (status: number, bodyText: string) => Revision | undefined

export interface UpstreamCallOptions {
  /** Longest wait for headers; each consumer arms its own timer for the body. */
  timeoutMs: number
  /** Asked once, on the first refusal: a revision is sent in its place, and its outcome is the call's. */
  revise?: Reviser
  onRevised?: (note: string) => void
}

export interface UpstreamCall {
  settled: Promise<FetchOutcome>
  abort: (cause: AbortCause) => void
  abortCause: () => AbortCause | undefined
  /** Headers are in: stop the header timer (streams then time each read themselves). */
  disarmHeaderTimer: () => void
  timeoutMs: number
}

/**
 * One upstream request with the bounds every route shares (ARCHITECTURE.md "Work is bounded"): a timer until
 * headers arrive, one abort for timeouts and departed clients, and error bodies read only up to 64 KB.
 */
export function startUpstreamCall(request: UpstreamRequestInit, options: UpstreamCallOptions): UpstreamCall {
  const controller = new AbortController()
  let cause: AbortCause | undefined
  const abort = (next: AbortCause) => {
    cause ??= next
    controller.abort()
  }
  const headerTimer = setTimeout(() => abort('timeout'), options.timeoutMs)

  const attempt = (body: BodyInit): Promise<FetchOutcome> =>
    fetch(request.url, { method: 'POST', headers: request.headers, body, signal: controller.signal }).then(
      async (response): Promise<FetchOutcome> => {
        if (response.ok) return { kind: 'answered', response }
        const { text, isTruncated } = await readErrorText(response)
        return { kind: 'refused', status: response.status, headers: response.headers, bodyText: text, isTruncated }
      },
      (error: unknown): FetchOutcome => ({ kind: 'failed', error }),
    )

  const settled = attempt(request.body).then((outcome) => {
    if (outcome.kind !== 'refused' || options.revise === undefined) return outcome
    const revision = options.revise(outcome.status, outcome.bodyText)
    if (revision === undefined) return outcome
    options.onRevised?.(revision.note)
    return attempt(revision.body)
  })

  return {
    settled,
    abort,
    abortCause: () => cause,
    disarmHeaderTimer: () => clearTimeout(headerTimer),
    timeoutMs: options.timeoutMs,
  }
}

/** A request that got no answer: our own timeout, or the network's error (never a key, even if it named one). */
export function transportFailure(
  error: unknown,
  cause: AbortCause | undefined,
  timeoutMs: number,
  secrets: readonly string[],
): UpstreamFailure {
  if (cause === 'timeout') return { kind: 'timed_out', message: `no answer for ${Math.round(timeoutMs / 1000)} s` }
  // workerd reports refused connections and dropped ones alike as "Network connection lost." (toolchain.md §5).
  const message = error instanceof Error ? error.message : String(error)
  return { kind: 'unreachable', message: redactSecrets(message, secrets) }
}
