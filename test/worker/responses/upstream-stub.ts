import { vi } from 'vitest'

export interface StubbedRequest {
  url: string
  headers: Headers
  bodyText: string
  body: Record<string, unknown>
  signal: AbortSignal | null | undefined
}

/**
 * Answers the gateway's upstream fetches from inside workerd (no network): each request is recorded, with its
 * body and abort signal, and answered by `answer`. Restore with `vi.restoreAllMocks()`.
 */
export function stubUpstream(
  answer: (request: StubbedRequest, index: number) => Response | Promise<Response>,
): StubbedRequest[] {
  const requests: StubbedRequest[] = []
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const bodyText = await request.text()
    const recorded: StubbedRequest = {
      url: request.url,
      headers: request.headers,
      bodyText,
      body: JSON.parse(bodyText) as Record<string, unknown>,
      signal: init?.signal,
    }
    requests.push(recorded)
    return answer(recorded, requests.length - 1)
  })
  return requests
}

export const sseResponse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } })

/** A stream that sends `first` and then nothing, until the request is aborted (which errors it, as a socket would). */
export function stalledSse(first: string, signal: AbortSignal | null | undefined): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first))
      signal?.addEventListener('abort', () => controller.error(new Error('aborted')), { once: true })
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}
