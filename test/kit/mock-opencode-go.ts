import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type MockEndpoint = 'chat' | 'messages' | 'responses'

export interface MockOpencodeModel {
  id: string
  /** Endpoints that answer 200; every other one answers OpenCode's 401 ModelError. */
  serves: MockEndpoint[]
  /** The first request for this model gets 429 with this `retry-after` (seconds), then it answers normally. */
  rateLimitedOnceFor?: number
}

export interface MockOpencodeRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  json: Record<string, unknown> | undefined
}

export interface MockOpencodeGo {
  /** The OpenCode Go API base (`--base-url`), like https://opencode.ai/zen/go/v1. */
  baseUrl: string
  /** The models.dev fixture (`CODEX_SHIM_MODELS_DEV_URL`). */
  modelsDevUrl: string
  requests: MockOpencodeRequest[]
  close: () => Promise<void>
}

const PATHS: Record<string, MockEndpoint> = {
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'messages',
  '/v1/responses': 'responses',
}

/**
 * OpenCode Go on 127.0.0.1, as reference/opencode-and-desktop.md Part 1 describes it: `/models` lists ids only;
 * `/chat/completions` and `/responses` read a Bearer key, `/messages` only `x-api-key`; a model not served in a
 * format gets 401 ModelError; a bad key 401 AuthError; rate limits are 429 with `retry-after`. Synthetic.
 */
export async function startMockOpencodeGo(options: {
  key: string
  models: MockOpencodeModel[]
  modelsDev: unknown
}): Promise<MockOpencodeGo> {
  const requests: MockOpencodeRequest[] = []
  const rateLimited = new Set<string>()
  const sockets = new Set<Socket>()

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) =>
      send(res, 500, { type: 'error', error: { type: 'error', message: String(error) } }),
    )
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const json = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>)
    const path = req.url ?? '/'
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, json })
    if (req.method === 'GET' && path === '/models.dev/api.json') return send(res, 200, options.modelsDev)
    if (req.method === 'GET' && path === '/v1/models') {
      return send(res, 200, {
        object: 'list',
        data: options.models.map((model) => ({
          id: model.id,
          object: 'model',
          created: Math.floor(Date.now() / 1000),
          owned_by: 'opencode',
        })),
      })
    }
    const endpoint = PATHS[path]
    if (req.method !== 'POST' || endpoint === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' })
      return void res.end('<html><body>Not found</body></html>')
    }
    const presented =
      endpoint === 'messages' ? req.headers['x-api-key'] : /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (presented === undefined) return send(res, 401, opencodeError('AuthError', 'Missing API key.'))
    if (presented !== options.key) return send(res, 401, opencodeError('AuthError', 'Invalid API key.'))
    const model = options.models.find((entry) => entry.id === json?.model)
    if (model === undefined)
      return send(res, 401, opencodeError('ModelError', `Model ${String(json?.model)} not supported`))
    if (model.rateLimitedOnceFor !== undefined && !rateLimited.has(model.id)) {
      rateLimited.add(model.id)
      return send(res, 429, opencodeError('RateLimitError', 'Rate limit exceeded. Please try again later.'), {
        'retry-after': String(model.rateLimitedOnceFor),
      })
    }
    if (!model.serves.includes(endpoint))
      return send(
        res,
        401,
        opencodeError(
          'ModelError',
          `model ${model.id} is not supported for format ${endpoint === 'chat' ? 'oa-compat' : endpoint === 'messages' ? 'anthropic' : 'openai'}`,
        ),
      )
    return send(res, 200, answerOf(endpoint, model.id))
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    baseUrl: `${origin}/v1`,
    modelsDevUrl: `${origin}/models.dev/api.json`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

function opencodeError(type: string, message: string) {
  return { type: 'error', error: { type, message } }
}

function answerOf(endpoint: MockEndpoint, model: string): Record<string, unknown> {
  if (endpoint === 'chat')
    return {
      id: 'c1',
      object: 'chat.completion',
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'H' }, finish_reason: 'length' }],
      cost: '0',
    }
  if (endpoint === 'messages')
    return {
      id: 'm1',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: 'H' }],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 1, output_tokens: 1 },
      cost: '0',
    }
  return { id: 'r1', object: 'response', model, status: 'incomplete', output: [], cost: '0' }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
