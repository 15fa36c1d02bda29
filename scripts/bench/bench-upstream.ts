import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The upstream for benchmarks: minimal work per request so it measures the gateway, not itself. The model name
 * picks the stream: `*-quick` (a short answer), `*-burst` (2,000 deltas, one write each, no pauses) or `*-paced`
 * (64 deltas 20 ms apart). `/v1/chat/completions` answers as chat chunks, `/v1/messages` as Anthropic events.
 */
export const BURST_EVENTS = 2000
export const PACED_EVENTS = 64
export const PACED_INTERVAL_MS = 20

/** When the upstream had the last request's head and wrote its answer's first bytes (performance.now() of this process). */
export interface UpstreamMoments {
  receivedAt: number
  answeredAt: number
}

export async function startBenchUpstream(): Promise<{
  url: string
  close: () => Promise<void>
  /** The last request's moments, once: the benchmark's own clock, since client and upstream share this process. */
  lastMoments: () => UpstreamMoments
}> {
  let moments: UpstreamMoments = { receivedAt: Number.NaN, answeredAt: Number.NaN }
  const server = createServer((req, res) => {
    const receivedAt = performance.now()
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on(
      'end',
      () => void answer(req, res, Buffer.concat(chunks), (answeredAt) => (moments = { receivedAt, answeredAt })),
    )
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    lastMoments: () => {
      const last = moments
      // Taken once: a request that never reached the upstream shows as NaN, not as the one before it.
      moments = { receivedAt: Number.NaN, answeredAt: Number.NaN }
      return last
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  onAnswered: (at: number) => void,
): Promise<void> {
  const model = String((JSON.parse(body.toString('utf8')) as { model?: unknown }).model ?? '')
  const isAnthropic = req.url?.endsWith('/messages') ?? false
  const count = model.endsWith('-burst') ? BURST_EVENTS : model.endsWith('-paced') ? PACED_EVENTS : 3
  const interval = model.endsWith('-paced') ? PACED_INTERVAL_MS : 0
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  const format = isAnthropic ? anthropicEvents : chatEvents
  const [opening, delta, closing] = [format.opening(), format.delta, format.closing()]
  res.write(opening)
  onAnswered(performance.now())
  for (let i = 0; i < count; i++) {
    if (interval > 0) await new Promise((resolve) => setTimeout(resolve, interval))
    if (res.destroyed) return
    res.write(delta(i))
  }
  res.end(closing)
}

const chatEvents = {
  opening: () =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`,
  delta: (i: number) =>
    `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"e${i} "},"finish_reason":null}]}\n\n`,
  closing: () =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n` +
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } })}\n\ndata: [DONE]\n\n`,
}

const anthropicEvents = {
  opening: () =>
    `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg', type: 'message', role: 'assistant', content: [], usage: { input_tokens: 10, output_tokens: 1 } } })}\n\n` +
    `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n`,
  delta: (i: number) =>
    `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"e${i} "}}\n\n`,
  closing: () =>
    'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
    'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":5}}\n\n' +
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
}
