export interface JsonFetchOptions {
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: unknown
  timeoutMs: number
  /** Bodies larger than this are not read to the end (a wrong server, or a page instead of an API). */
  maxBytes?: number
  /** Off by default: a redirect would carry headers such as `x-api-key` to wherever it points. */
  followRedirects?: boolean
}

export type JsonFetchOutcome =
  | { kind: 'answered'; status: number; headers: Headers; text: string; json: unknown }
  | { kind: 'unreachable'; message: string }
  | { kind: 'timed_out' }

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024

/**
 * One HTTP exchange, bounded in time and size: the answer with its body parsed when it is JSON (`json` is
 * undefined otherwise), or why there was none. Never throws for network trouble: callers decide what it means.
 */
export async function fetchJson(url: string, options: JsonFetchOptions): Promise<JsonFetchOutcome> {
  const signal = AbortSignal.timeout(options.timeoutMs)
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  try {
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
      redirect: options.followRedirects === true ? 'follow' : 'manual',
    })
    const text = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES)
    return { kind: 'answered', status: response.status, headers: response.headers, text, json: parseJson(text) }
  } catch (error) {
    if (signal.aborted) return { kind: 'timed_out' }
    return { kind: 'unreachable', message: describeNetworkError(error) }
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new Error(`the answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // Not JSON (an HTML page, an empty body): callers treat `undefined` as "not the API we expected".
    return undefined
  }
}

/** undici hides the reason (ECONNREFUSED, ENOTFOUND) in `cause`. */
function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined
  if (typeof cause?.code === 'string') return cause.code
  if (typeof cause?.message === 'string') return cause.message
  return error instanceof Error ? error.message : String(error)
}
