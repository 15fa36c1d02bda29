import { OLLAMA_DEFAULT_BASE_URL } from '../../shared/constants'
import type { GeneratedRows, Row } from '../models-file/merge-generated-rows'
import type { FoundServer, LocalModel } from './local-model'
import { comparableBaseUrl, DISCOVER_GENERATED_BY, localModelRow } from './local-model-rows'

export type LocalModelStatus = 'configured' | 'new'

export interface LocalRowsPlan extends GeneratedRows {
  /** Per server URL and model id: already in models.json (by a row of yours or an earlier `--add`) or new. */
  statusOf: (server: FoundServer, model: LocalModel) => LocalModelStatus
}

const keyOf = (baseUrl: string, model: string) => `${comparableBaseUrl(baseUrl)}|${model}`

/** The upstream a raw row reaches, the way settings read it: `base_url` or its aliases, Ollama's by default. */
function rowKey(row: Row): string | undefined {
  const baseUrl = [row.base_url, row.baseUrl, row.baseURL].find((value): value is string => typeof value === 'string')
  const isOllama = typeof row.provider === 'string' && row.provider.toLowerCase() === 'ollama'
  const base = baseUrl ?? (isOllama ? OLLAMA_DEFAULT_BASE_URL : undefined)
  return base === undefined || typeof row.model !== 'string' ? undefined : keyOf(base, row.model.trim())
}

/**
 * `discover --add`: a row for every model of the servers found that no row of the user's already serves. Rows an
 * earlier `--add` wrote for a server found now are replaced; those for a server not running now are kept (it may
 * only be stopped), and so is every other row.
 */
export function planLocalRows(servers: readonly FoundServer[], existing: readonly Row[]): LocalRowsPlan {
  const isGenerated = (row: Row) => row.generated_by === DISCOVER_GENERATED_BY
  const foundBases = new Set(servers.map((server) => comparableBaseUrl(`${server.url}/v1`)))
  const isReplaced = (row: Row) =>
    isGenerated(row) && typeof row.base_url === 'string' && foundBases.has(comparableBaseUrl(row.base_url))
  const yours = new Set(existing.filter((row) => !isGenerated(row)).flatMap((row) => rowKey(row) ?? []))
  const everything = new Set(existing.flatMap((row) => rowKey(row) ?? []))
  const rows = servers.flatMap((server) =>
    server.models
      .filter((model) => !yours.has(keyOf(`${server.url}/v1`, model.id)))
      .map((model) => localModelRow(server, model)),
  )
  return {
    rows,
    isReplaced,
    statusOf: (server, model) => (everything.has(keyOf(`${server.url}/v1`, model.id)) ? 'configured' : 'new'),
  }
}
