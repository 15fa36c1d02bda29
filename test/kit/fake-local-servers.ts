import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface FakeOllamaModel {
  name: string
  /** `/api/show` capabilities, e.g. ['completion', 'tools', 'vision']; ['embedding'] for an embedding model. */
  capabilities: string[]
  architecture?: string
  contextLength?: number
  /** A Modelfile's `PARAMETER num_ctx`. */
  numCtx?: number
}

export interface FakeLmStudioModel {
  id: string
  type: 'llm' | 'vlm' | 'embeddings'
  maxContextLength?: number
}

export interface FakeServer {
  url: string
  /** Paths asked for, in order (`GET /api/tags`, `POST /v1/chat/completions`, …). */
  requests: string[]
  close: () => Promise<void>
}

/** The answer both fakes stream to a chat request: a tiny chat-completions stream with usage. Synthetic. */
function streamChat(res: ServerResponse, model: string, text: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
  res.write(chunk({ role: 'assistant', content: text }, null))
  res.write(chunk({}, 'stop'))
  res.write(
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } })}\n\n`,
  )
  res.end('data: [DONE]\n\n')
}

/** Ollama on 127.0.0.1: `/api/tags`, `/api/show` (shapes from Ollama's API docs), and `/v1/chat/completions`. */
export function startFakeOllama(models: FakeOllamaModel[], port = 0): Promise<FakeServer> {
  return listen(port, async (req, res, body) => {
    if (req.method === 'GET' && req.url === '/api/tags')
      return json(res, {
        models: models.map((model) => ({
          name: model.name,
          model: model.name,
          size: 1,
          details: { family: model.architecture ?? 'llama' },
        })),
      })
    if (req.method === 'POST' && req.url === '/api/show') {
      const model = models.find((entry) => entry.name === (body as { model?: string }).model)
      if (model === undefined) return json(res, { error: 'model not found' }, 404)
      const architecture = model.architecture ?? 'llama'
      return json(res, {
        capabilities: model.capabilities,
        parameters: model.numCtx === undefined ? 'temperature 0.7' : `temperature 0.7\nnum_ctx ${model.numCtx}`,
        details: { family: architecture, families: [architecture] },
        model_info: {
          'general.architecture': architecture,
          ...(model.contextLength === undefined ? {} : { [`${architecture}.context_length`]: model.contextLength }),
        },
      })
    }
    if (req.method === 'POST' && req.url === '/v1/chat/completions')
      return streamChat(res, String((body as { model?: string }).model), 'hello from ollama')
    return json(res, { error: 'not found' }, 404)
  })
}

/** LM Studio on 127.0.0.1: the OpenAI list at `/v1/models`, the richer `/api/v0/models`, and chat. */
export function startFakeLmStudio(models: FakeLmStudioModel[], port = 0): Promise<FakeServer> {
  return listen(port, async (req, res, body) => {
    if (req.method === 'GET' && req.url === '/v1/models')
      return json(res, {
        object: 'list',
        data: models.map((model) => ({ id: model.id, object: 'model', owned_by: 'organization_owner' })),
      })
    if (req.method === 'GET' && req.url === '/api/v0/models') {
      return json(res, {
        object: 'list',
        data: models.map((model) => ({
          id: model.id,
          object: 'model',
          type: model.type,
          state: 'loaded',
          ...(model.maxContextLength ? { max_context_length: model.maxContextLength } : {}),
        })),
      })
    }
    if (req.method === 'POST' && req.url === '/v1/chat/completions')
      return streamChat(res, String((body as { model?: string }).model), 'hello from lm studio')
    return json(res, { error: 'not found' }, 404)
  })
}

/**
 * llama.cpp's `llama-server` on 127.0.0.1: `/v1/models` with the GGUF's `meta` (its trained context), `/props`
 * with the context it was started with (`-c`) and its modalities, and chat. Shapes from llama-server's README.
 */
export function startFakeLlamaCpp(
  model: { id: string; trainedContext: number; servedContext: number; vision: boolean },
  port = 0,
): Promise<FakeServer> {
  return listen(port, async (req, res, body) => {
    if (req.method === 'GET' && req.url === '/v1/models')
      return json(res, {
        object: 'list',
        data: [
          {
            id: model.id,
            object: 'model',
            owned_by: 'llamacpp',
            meta: { vocab_type: 2, n_ctx_train: model.trainedContext },
          },
        ],
      })
    if (req.method === 'GET' && req.url === '/props')
      return json(res, {
        default_generation_settings: { n_ctx: model.servedContext },
        modalities: { vision: model.vision },
      })
    if (req.method === 'POST' && req.url === '/v1/chat/completions')
      return streamChat(res, String((body as { model?: string }).model), 'hello from llama.cpp')
    return json(res, { error: 'not found' }, 404)
  })
}

/** vLLM's `vllm serve` on 127.0.0.1: `/v1/models` with each model's `max_model_len`, and chat. */
export function startFakeVllm(models: { id: string; maxModelLen: number }[], port = 0): Promise<FakeServer> {
  return listen(port, async (req, res, body) => {
    if (req.method === 'GET' && req.url === '/v1/models')
      return json(res, {
        object: 'list',
        data: models.map((model) => ({
          id: model.id,
          object: 'model',
          owned_by: 'vllm',
          max_model_len: model.maxModelLen,
        })),
      })
    if (req.method === 'POST' && req.url === '/v1/chat/completions')
      return streamChat(res, String((body as { model?: string }).model), 'hello from vllm')
    return json(res, { error: 'not found' }, 404)
  })
}

async function listen(
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>,
): Promise<FakeServer> {
  const requests: string[] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      requests.push(`${req.method ?? 'GET'} ${req.url ?? '/'}`)
      const text = Buffer.concat(chunks).toString('utf8')
      void handle(req, res, text === '' ? {} : (JSON.parse(text) as unknown))
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** Points discovery at these fakes and switches every other local server off, so a real one cannot interfere. */
export function localServerEnv(servers: {
  ollama?: FakeServer
  lmstudio?: FakeServer
  llamacpp?: FakeServer
  vllm?: FakeServer
}): NodeJS.ProcessEnv {
  return {
    CODEX_SHIM_OLLAMA_URL: servers.ollama?.url ?? 'off',
    CODEX_SHIM_LMSTUDIO_URL: servers.lmstudio?.url ?? 'off',
    CODEX_SHIM_LLAMACPP_URL: servers.llamacpp?.url ?? 'off',
    CODEX_SHIM_VLLM_URL: servers.vllm?.url ?? 'off',
  }
}
