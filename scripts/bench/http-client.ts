import { request } from 'node:http'

export interface StreamTiming {
  status: number
  /** performance.now() when the request was sent. */
  startedAt: number
  /** ms from sending to the first body byte. */
  ttfb: number
  /** ms at which each parsed data event arrived (relative to the start). */
  eventTimes: number[]
  /** The parsed `data:` payloads (JSON when possible). */
  events: unknown[]
  totalMs: number
}

/**
 * A POST over a fresh connection with node:http (no pooling, no compression: the same client for the direct
 * and the gateway runs), timing the first byte and each SSE event.
 */
export function timedPost(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
  options: { collect?: boolean } = {},
): Promise<StreamTiming> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const target = new URL(url)
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      },
      (res) => {
        let ttfb = -1
        let pending = ''
        const eventTimes: number[] = []
        const events: unknown[] = []
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          const now = performance.now() - started
          if (ttfb < 0) ttfb = now
          pending += chunk
          let end = pending.indexOf('\n\n')
          while (end !== -1) {
            const block = pending.slice(0, end)
            pending = pending.slice(end + 2)
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n')
            if (data !== '') {
              eventTimes.push(now)
              if (options.collect) {
                try {
                  events.push(JSON.parse(data))
                } catch {
                  events.push(data)
                }
              }
            }
            end = pending.indexOf('\n\n')
          }
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            startedAt: started,
            ttfb,
            eventTimes,
            events,
            totalMs: performance.now() - started,
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
