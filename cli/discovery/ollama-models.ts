import { isRecord } from '../../shared/is-record'
import { fetchJson } from '../fetch-json'
import type { LocalModel } from './local-model'

/**
 * Ollama's models: the names from `GET /api/tags`, then each one's facts from `POST /api/show` (its
 * `capabilities` and the `<architecture>.context_length` in `model_info`). Embedding-only models are left out:
 * Codex cannot talk to them. Undefined when nothing that looks like Ollama answers.
 */
export async function listOllamaModels(url: string, timeoutMs: number): Promise<LocalModel[] | undefined> {
  const tags = await fetchJson(`${url}/api/tags`, { timeoutMs })
  if (tags.kind !== 'answered' || tags.status !== 200 || !isRecord(tags.json) || !Array.isArray(tags.json.models))
    return undefined
  const names = tags.json.models.flatMap((entry) =>
    isRecord(entry) && typeof entry.name === 'string' ? [entry.name] : [],
  )
  const models = await Promise.all(names.map((name) => describeOllamaModel(url, name, timeoutMs)))
  return models.filter((model): model is LocalModel => model !== undefined)
}

async function describeOllamaModel(url: string, name: string, timeoutMs: number): Promise<LocalModel | undefined> {
  const show = await fetchJson(`${url}/api/show`, { method: 'POST', body: { model: name }, timeoutMs })
  // An older Ollama, or one that failed on this model: still listed, with what we cannot tell left open.
  if (show.kind !== 'answered' || show.status !== 200 || !isRecord(show.json)) return { id: name }
  const capabilities = Array.isArray(show.json.capabilities)
    ? show.json.capabilities.filter((value): value is string => typeof value === 'string')
    : undefined
  if (capabilities !== undefined && !capabilities.includes('completion')) return undefined
  const families =
    isRecord(show.json.details) && Array.isArray(show.json.details.families) ? show.json.details.families : []
  const hasVisionEncoder = families.some((family) => family === 'clip' || family === 'mllama')
  return {
    id: name,
    contextLength: configuredContext(show.json.parameters) ?? trainedContext(show.json.model_info),
    supportsImages: capabilities === undefined ? hasVisionEncoder : capabilities.includes('vision'),
    ...(capabilities === undefined ? {} : { supportsTools: capabilities.includes('tools') }),
  }
}

/** A Modelfile's `num_ctx` is what Ollama actually runs the model with, so it wins over the trained length. */
function configuredContext(parameters: unknown): number | undefined {
  if (typeof parameters !== 'string') return undefined
  const match = /^\s*num_ctx\s+(\d+)\s*$/m.exec(parameters)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

function trainedContext(modelInfo: unknown): number | undefined {
  if (!isRecord(modelInfo)) return undefined
  const architecture = modelInfo['general.architecture']
  const value = typeof architecture === 'string' ? modelInfo[`${architecture}.context_length`] : undefined
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}
