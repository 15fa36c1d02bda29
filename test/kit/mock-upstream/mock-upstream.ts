import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { anthropicMessageBody, anthropicStreamEvents } from './anthropic-events'
import { chatCompletionBody, chatStreamEvents } from './chat-events'
import { fixtureEvents } from './fixture-events'
import { responsesBody, responsesStreamEvents } from './responses-events'
import type { LongBodyReply, MockReply, StreamFaults } from './replies'

export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  bodyText: string
  /** The parsed body, or undefined when it was not JSON. */
  json: unknown
  /** True once the client closed the connection before the reply finished (a disconnect reached us). */
  clientClosedEarly: boolean
  /** Body bytes of a `long-body` reply the socket accepted before the client went (or all of them). */
  sentBytes: number
}

export interface MockUpstream {
  url: string
  port: number
  requests: RecordedRequest[]
  /** Replies served to the next requests, in order. */
  enqueue: (...replies: MockReply[]) => void
  /** Decides replies itself (takes precedence over the queue), e.g. to check turn 2 of a tool loop. */
  handle: (handler: ((request: RecordedRequest) => MockReply | undefined) | undefined) => void
  /** Resolves once the client has closed the connection of request `index` before it finished. */
  waitForClientClose: (index: number, timeoutMs?: number) => Promise<void>
  close: () => Promise<void>
}

const NO_REPLY: MockReply = {
  kind: 'status',
  status: 500,
  body: { error: { message: 'mock upstream: no scripted reply', type: 'server_error' } },
}

/**
 * A scripted upstream on an ephemeral 127.0.0.1 port. It answers as OpenAI chat completions, Anthropic Messages
 * or the Responses API (streaming and not), replays recorded streams, injects faults and records every request.
 */
export async function startMockUpstream(): Promise<MockUpstream> {
  const queue: MockReply[] = []
  const requests: RecordedRequest[] = []
  const closeWaiters = new Map<number, () => void>()
  const sockets = new Set<Socket>()
  let handler: ((request: RecordedRequest) => MockReply | undefined) | undefined

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      // A broken script (say, a fixture path that does not exist) must fail the test at once, not hang it.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(`mock upstream failed: ${error instanceof Error ? error.message : String(error)}`)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const bodyText = Buffer.concat(chunks).toString('utf8')
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: { ...req.headers },
      bodyText,
      json: parseJson(bodyText),
      clientClosedEarly: false,
      sentBytes: 0,
    }
    const index = requests.push(recorded) - 1
    res.on('close', () => {
      if (!res.writableFinished) {
        recorded.clientClosedEarly = true
        closeWaiters.get(index)?.()
      }
    })
    const reply = handler?.(recorded) ?? queue.shift() ?? NO_REPLY
    // Like a real server, answer in the form asked for unless the script insists on one.
    const asked = (recorded.json as { stream?: unknown } | undefined)?.stream
    await sendReply(reply, res, asked !== false, recorded)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    handle: (next) => {
      handler = next
    },
    waitForClientClose: (index, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        if (requests[index]?.clientClosedEarly) return resolve()
        const timer = setTimeout(
          () => reject(new Error(`request ${index} was not closed by the client in ${timeoutMs} ms`)),
          timeoutMs,
        )
        closeWaiters.set(index, () => {
          clearTimeout(timer)
          resolve()
        })
      }),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // Recorded as text only; tests of malformed input read bodyText.
    return undefined
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function sendReply(
  reply: MockReply,
  res: ServerResponse,
  isStreamAsked: boolean,
  recorded: RecordedRequest,
): Promise<void> {
  switch (reply.kind) {
    case 'status': {
      if (reply.delayMs) await sleep(reply.delayMs)
      const body =
        typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body ?? { error: { message: `mock status ${reply.status}` } })
      res.writeHead(reply.status, {
        'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
        ...reply.headers,
      })
      res.end(body)
      return
    }
    case 'reset':
      if (reply.delayMs) await sleep(reply.delayMs)
      res.socket?.resetAndDestroy()
      return
    case 'long-body':
      return sendLongBody(res, reply, recorded)
    case 'raw':
      res.writeHead(reply.status ?? 200, reply.headers ?? {})
      res.end(reply.body)
      return
    case 'json':
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
      res.end(JSON.stringify(reply.body))
      return
    case 'chat':
      if ((reply.stream ?? isStreamAsked) === false) return sendJson(res, chatCompletionBody(reply))
      return streamEvents(res, chatStreamEvents(reply), reply)
    case 'anthropic':
      if ((reply.stream ?? isStreamAsked) === false) return sendJson(res, anthropicMessageBody(reply))
      return streamEvents(res, anthropicStreamEvents(reply), reply)
    case 'responses':
      if ((reply.stream ?? isStreamAsked) === false) return sendJson(res, responsesBody(reply))
      return streamEvents(res, responsesStreamEvents(reply), reply)
    case 'fixture':
      return streamEvents(res, await fixtureEvents(reply.path), reply, reply.chunkSize)
    case 'sse':
      return streamEvents(res, reply.events, reply, undefined, reply.status, reply.headers)
  }
}

const LONG_BODY_CHUNK = Buffer.alloc(64 * 1024, 'y')

/** Writes a long body with backpressure: a client that stops reading stops the writes, one that hangs up ends them. */
async function sendLongBody(res: ServerResponse, reply: LongBodyReply, recorded: RecordedRequest): Promise<void> {
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': reply.bytes, ...reply.headers })
  const write = (chunk: Buffer) =>
    new Promise<boolean>((resolve) => {
      recorded.sentBytes += chunk.byteLength
      if (res.write(chunk)) return resolve(!res.destroyed)
      const settle = () => {
        res.off('drain', settle)
        res.off('close', settle)
        resolve(!res.destroyed)
      }
      res.once('drain', settle)
      res.once('close', settle)
    })
  let left = reply.bytes
  const head = Buffer.from(reply.head)
  if (!(await write(head))) return
  left -= head.byteLength
  while (left > 0) {
    if (!(await write(LONG_BODY_CHUNK.subarray(0, Math.min(left, LONG_BODY_CHUNK.byteLength))))) return
    left -= LONG_BODY_CHUNK.byteLength
  }
  res.end()
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function streamEvents(
  res: ServerResponse,
  events: string[],
  faults: StreamFaults,
  chunkSize?: number,
  status = 200,
  headers: Record<string, string> = {},
): Promise<void> {
  if (faults.delayBeforeHeadersMs) await sleep(faults.delayBeforeHeadersMs)
  if (res.destroyed) return
  res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers })
  res.flushHeaders()
  if (chunkSize !== undefined) {
    const bytes = Buffer.from(events.map((event) => `${event}\n\n`).join(''), 'utf8')
    for (let i = 0; i < bytes.length && !res.destroyed; i += chunkSize) {
      res.write(bytes.subarray(i, i + chunkSize))
      if (faults.eventDelayMs) await sleep(faults.eventDelayMs)
    }
    res.end()
    return
  }
  let written: Promise<void> = Promise.resolve()
  for (const [index, event] of events.entries()) {
    if (res.destroyed) return
    if (faults.cutAfterEvents !== undefined && index >= faults.cutAfterEvents) {
      // Let what was written reach the client first: a cut mid-sentence, not a reset right after the headers.
      await written
      res.destroy()
      return
    }
    if (faults.stallAfterEvents && index === faults.stallAfterEvents.events) await sleep(faults.stallAfterEvents.ms)
    written = new Promise((resolve) => res.write(`${event}\n\n`, () => resolve()))
    if (faults.eventDelayMs) await sleep(faults.eventDelayMs)
  }
  res.end()
}
