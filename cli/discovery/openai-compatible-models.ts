import { isRecord } from '../../shared/is-record'
import { fetchJson } from '../fetch-json'
import type { LocalModel } from './local-model'
import type { LocalServerKind } from './local-servers'

type ListedModel = Record<string, unknown> & { id: string }

const EMBEDDING_NAME = /(^|[-_/.])(text-)?embed(ding)?s?([-_/.]|$)|nomic-embed|bge-|e5-/i

/**
 * The models of an OpenAI-compatible local server (`GET /v1/models`), with the extra facts each kind offers:
 * LM Studio's `/api/v0/models` (type, `max_context_length`), vLLM's `max_model_len`, llama.cpp's `/props`
 * (the context it was started with). Undefined when nothing that looks like the OpenAI list answers.
 */
export async function listOpenAiCompatibleModels(
  kind: Exclude<LocalServerKind, 'ollama'>,
  url: string,
  timeoutMs: number,
): Promise<LocalModel[] | undefined> {
  const list = await fetchJson(`${url}/v1/models`, { timeoutMs })
  if (list.kind !== 'answered' || list.status !== 200 || !isRecord(list.json) || !Array.isArray(list.json.data))
    return undefined
  const entries = list.json.data.filter(
    (entry): entry is ListedModel => isRecord(entry) && typeof entry.id === 'string',
  )
  if (kind === 'lmstudio') return withLmStudioFacts(url, entries, timeoutMs)
  if (kind === 'llamacpp') return withLlamaCppFacts(url, entries, timeoutMs)
  return entries
    .filter((entry) => !EMBEDDING_NAME.test(entry.id))
    .map((entry) => ({ id: entry.id, contextLength: positiveInteger(entry.max_model_len) }))
}

async function withLmStudioFacts(url: string, entries: ListedModel[], timeoutMs: number): Promise<LocalModel[]> {
  const rich = await fetchJson(`${url}/api/v0/models`, { timeoutMs })
  const facts = new Map<string, Record<string, unknown>>()
  if (rich.kind === 'answered' && rich.status === 200 && isRecord(rich.json) && Array.isArray(rich.json.data)) {
    for (const entry of rich.json.data) if (isRecord(entry) && typeof entry.id === 'string') facts.set(entry.id, entry)
  }
  return entries.flatMap((entry): LocalModel[] => {
    const fact = facts.get(entry.id)
    if (fact === undefined) return EMBEDDING_NAME.test(entry.id) ? [] : [{ id: entry.id }]
    if (fact.type === 'embeddings') return []
    return [
      { id: entry.id, contextLength: positiveInteger(fact.max_context_length), supportsImages: fact.type === 'vlm' },
    ]
  })
}

async function withLlamaCppFacts(url: string, entries: ListedModel[], timeoutMs: number): Promise<LocalModel[]> {
  const props = await fetchJson(`${url}/props`, { timeoutMs })
  const settings =
    props.kind === 'answered' && isRecord(props.json) && isRecord(props.json.default_generation_settings)
      ? props.json.default_generation_settings
      : {}
  const modalities =
    props.kind === 'answered' && isRecord(props.json) && isRecord(props.json.modalities) ? props.json.modalities : {}
  return entries.map((entry) => {
    const meta = isRecord(entry.meta) ? entry.meta : {}
    return {
      id: entry.id,
      // The context the server was started with (`-c`) is what it serves; the trained length is only an upper bound.
      contextLength: positiveInteger(settings.n_ctx) ?? positiveInteger(meta.n_ctx_train),
      ...(typeof modalities.vision === 'boolean' ? { supportsImages: modalities.vision } : {}),
    }
  })
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}
