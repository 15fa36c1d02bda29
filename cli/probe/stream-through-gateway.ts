import { isRecord } from '../../shared/is-record'

export type GatewayAnswer =
  | {
      kind: 'completed'
      /** `response.completed`, or `response.incomplete` (a length cut-off still shows what works). */
      response: Record<string, unknown>
      /** Milliseconds to the first streamed token (a text, reasoning or tool-argument delta). */
      ttfbMs?: number
      totalMs: number
      deltaCount: number
      eventTypes: Set<string>
    }
  | { kind: 'failed'; status?: number; code?: string; message: string; totalMs: number }

const DELTA_TYPE = /\.delta$/

/**
 * POSTs one Responses request to the running gateway and reads its SSE stream to the end, timing the first token.
 * A failure before the stream is the gateway's JSON error; after, its `response.failed`.
 */
export async function streamThroughGateway(
  url: string,
  token: string | undefined,
  body: Record<string, unknown>,
  timeoutMs: number,
): Promise<GatewayAnswer> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' }
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    return {
      kind: 'failed',
      message: `the gateway did not answer: ${error instanceof Error ? error.message : String(error)}`,
      totalMs: elapsed(),
    }
  }
  if (!response.ok || response.body === null) {
    const error = errorOf(await response.text().catch(() => ''))
    return { kind: 'failed', status: response.status, ...error, totalMs: elapsed() }
  }
  const eventTypes = new Set<string>()
  let deltaCount = 0
  let ttfbMs: number | undefined
  let buffer = ''
  const decoder = new TextDecoder()
  const reader = response.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const event = dataOf(buffer.slice(0, end))
        buffer = buffer.slice(end + 2)
        if (event === undefined || typeof event.type !== 'string') continue
        eventTypes.add(event.type)
        if (DELTA_TYPE.test(event.type)) {
          deltaCount++
          ttfbMs ??= elapsed()
        }
        if ((event.type === 'response.completed' || event.type === 'response.incomplete') && isRecord(event.response)) {
          await reader.cancel().catch(() => undefined)
          return { kind: 'completed', response: event.response, ttfbMs, totalMs: elapsed(), deltaCount, eventTypes }
        }
        if (event.type === 'response.failed') {
          const error = isRecord(event.response) && isRecord(event.response.error) ? event.response.error : {}
          return {
            kind: 'failed',
            code: typeof error.code === 'string' ? error.code : undefined,
            message: typeof error.message === 'string' ? error.message : 'response.failed',
            totalMs: elapsed(),
          }
        }
      }
    }
  } catch (error) {
    return {
      kind: 'failed',
      message: `the stream broke off: ${error instanceof Error ? error.message : String(error)}`,
      totalMs: elapsed(),
    }
  }
  return { kind: 'failed', message: 'the stream ended without response.completed', totalMs: elapsed() }
}

/** The JSON of an SSE event's `data:` lines (comments and keepalives have none). */
function dataOf(block: string): Record<string, unknown> | undefined {
  const data = block
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''))
    .join('\n')
  if (data === '') return undefined
  try {
    const value: unknown = JSON.parse(data)
    return isRecord(value) ? value : undefined
  } catch {
    // Not ours to judge: the check that needed this event reports what was missing.
    return undefined
  }
}

function errorOf(text: string): { code?: string; message: string } {
  try {
    const body: unknown = JSON.parse(text)
    const error = isRecord(body) && isRecord(body.error) ? body.error : {}
    return {
      code: typeof error.code === 'string' ? error.code : undefined,
      message: typeof error.message === 'string' ? error.message : text.slice(0, 200),
    }
  } catch {
    return { message: text.slice(0, 200) || 'no body' }
  }
}
