import type { UpstreamFailure } from './upstream-failure'

export type FetchOutcome = { response: Response } | { error: unknown }

/** Why we aborted an upstream request ourselves, so the failure can say so. */
export type AbortCause = 'timeout' | 'client_gone'

/** A fetch that never rejects (its failure is a value), so a race with timers leaves nothing unhandled. */
export function fetchOutcome(url: string, init: RequestInit): Promise<FetchOutcome> {
  return fetch(url, init).then(
    (response) => ({ response }),
    (error: unknown) => ({ error }),
  )
}

export function transportFailure(error: unknown, cause: AbortCause | undefined, timeoutMs: number): UpstreamFailure {
  if (cause === 'timeout') return { kind: 'timed_out', message: `no answer for ${Math.round(timeoutMs / 1000)} s` }
  // workerd reports refused connections and dropped ones alike as "Network connection lost." (toolchain.md §5).
  const message = error instanceof Error ? error.message : String(error)
  return { kind: 'unreachable', message }
}

export const sleep = (ms: number): Promise<undefined> => new Promise((resolve) => setTimeout(() => resolve(undefined), ms))
