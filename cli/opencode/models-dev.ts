import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isRecord } from '../../shared/is-record'
import { writeFileAtomic } from '../atomic-write'
import { fetchJson } from '../fetch-json'
import type { OpencodeEndpoint } from './opencode-go-endpoints'

/** What models.dev knows about a model (reference/opencode-and-desktop.md §1.9). */
export interface ModelFacts {
  contextWindow?: number
  supportsImages?: boolean
  /** USD per 1M tokens. */
  price?: { input: number; output: number }
  /** The endpoint OpenCode serves it on natively, from the AI SDK package models.dev names. */
  nativeEndpoint?: OpencodeEndpoint
}

export interface ModelsDevFacts {
  facts: Map<string, ModelFacts>
  /** Where the facts came from, for the table's footnote. */
  origin: 'models.dev' | 'cache' | 'none'
  note?: string
}

export const MODELS_DEV_URL = 'https://models.dev/api.json'
/** OpenCode Go's own listing first, then Zen's (the same models, sometimes listed there first). */
const PROVIDERS = ['opencode-go', 'opencode'] as const
const FRESH_MS = 24 * 60 * 60 * 1000
/** The whole api.json is several MB; we keep only the two providers we read. */
const MAX_BYTES = 64 * 1024 * 1024

interface CacheFile {
  url: string
  fetchedAt: number
  providers: Record<string, unknown>
}

const NPM_ENDPOINTS: Record<string, OpencodeEndpoint> = {
  '@ai-sdk/openai-compatible': 'chat',
  '@ai-sdk/anthropic': 'messages',
  '@ai-sdk/openai': 'responses',
}

/**
 * models.dev's facts for OpenCode's models: from the cache in `<home>/cache` while under a day old, else fetched
 * (and cached); `--offline` reads only the cache, of any age. A failure is never fatal: the refresh falls back to
 * an older cache or to conservative defaults, and says so.
 */
export async function loadModelsDevFacts(options: {
  home: string
  isOffline: boolean
  env: NodeJS.ProcessEnv
}): Promise<ModelsDevFacts> {
  const url = options.env.CODEX_SHIM_MODELS_DEV_URL?.trim() || MODELS_DEV_URL
  const cacheFile = join(options.home, 'cache', 'models-dev-opencode.json')
  const cached = await readCache(cacheFile, url)
  if (options.isOffline) {
    if (cached)
      return {
        facts: factsOf(cached.providers),
        origin: 'cache',
        note: `--offline: models.dev facts from the cache of ${describeAge(cached.fetchedAt)}`,
      }
    return { facts: new Map(), origin: 'none', note: '--offline and no cached models.dev copy: conservative defaults' }
  }
  if (cached && Date.now() - cached.fetchedAt < FRESH_MS) return { facts: factsOf(cached.providers), origin: 'cache' }
  const answer = await fetchJson(url, { timeoutMs: 15_000, maxBytes: MAX_BYTES, followRedirects: true })
  if (answer.kind === 'answered' && answer.status === 200 && isRecord(answer.json)) {
    const providers = Object.fromEntries(
      PROVIDERS.map((id) => [id, (answer.json as Record<string, unknown>)[id] ?? null]),
    )
    await writeFileAtomic(
      cacheFile,
      `${JSON.stringify({ url, fetchedAt: Date.now(), providers } satisfies CacheFile)}\n`,
    )
    return { facts: factsOf(providers), origin: 'models.dev' }
  }
  const why =
    answer.kind === 'answered'
      ? `HTTP ${answer.status}`
      : answer.kind === 'timed_out'
        ? 'no answer in 15 s'
        : answer.message
  if (cached)
    return {
      facts: factsOf(cached.providers),
      origin: 'cache',
      note: `models.dev could not be read (${why}): facts from the cache of ${describeAge(cached.fetchedAt)}`,
    }
  return { facts: new Map(), origin: 'none', note: `models.dev could not be read (${why}): conservative defaults` }
}

async function readCache(path: string, url: string): Promise<CacheFile | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<CacheFile>
    return value.url === url && typeof value.fetchedAt === 'number' && isRecord(value.providers)
      ? (value as CacheFile)
      : undefined
  } catch {
    // No cache yet, or a damaged one: the same as none.
    return undefined
  }
}

function factsOf(providers: Record<string, unknown>): Map<string, ModelFacts> {
  const facts = new Map<string, ModelFacts>()
  for (const id of [...PROVIDERS].reverse()) {
    const provider = providers[id]
    if (!isRecord(provider) || !isRecord(provider.models)) continue
    const providerNpm = typeof provider.npm === 'string' ? provider.npm : undefined
    for (const [modelId, model] of Object.entries(provider.models))
      if (isRecord(model)) facts.set(modelId, modelFactsOf(model, providerNpm))
  }
  return facts
}

function modelFactsOf(model: Record<string, unknown>, providerNpm: string | undefined): ModelFacts {
  const limit = isRecord(model.limit) ? model.limit : {}
  const modalities =
    isRecord(model.modalities) && Array.isArray(model.modalities.input) ? model.modalities.input : undefined
  const cost = isRecord(model.cost) ? model.cost : {}
  const npm = isRecord(model.provider) && typeof model.provider.npm === 'string' ? model.provider.npm : providerNpm
  const facts: ModelFacts = {}
  // `limit.input` is the prompt's own cap where a provider states one apart from the window (§1.9).
  const context = positiveInteger(limit.input) ?? positiveInteger(limit.context)
  if (context !== undefined) facts.contextWindow = context
  // Modalities, not `attachment`: they disagree for minimax-m3, and modalities say what the API takes.
  if (modalities !== undefined) facts.supportsImages = modalities.includes('image')
  if (typeof cost.input === 'number' && typeof cost.output === 'number')
    facts.price = { input: cost.input, output: cost.output }
  const endpoint = npm === undefined ? undefined : NPM_ENDPOINTS[npm]
  if (endpoint !== undefined) facts.nativeEndpoint = endpoint
  return facts
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}

function describeAge(at: number): string {
  return new Date(at).toISOString().slice(0, 10)
}
