import type { FoundServer, LocalModel } from './local-model'
import { localServersToCheck, type LocalServer } from './local-servers'
import { listOllamaModels } from './ollama-models'
import { listOpenAiCompatibleModels } from './openai-compatible-models'

/** Loopback answers in milliseconds or refuses at once; this only bounds a port that accepts and then hangs. */
export const DISCOVERY_TIMEOUT_MS = 1500

/** Every local server that answers, with its models (a server with none is still found: it runs). */
export async function discoverLocalServers(
  env: NodeJS.ProcessEnv,
  timeoutMs = DISCOVERY_TIMEOUT_MS,
): Promise<FoundServer[]> {
  const found = await Promise.all(
    localServersToCheck(env).map(async (server) => withModels(server, await listModels(server, timeoutMs))),
  )
  return found.filter((server): server is FoundServer => server !== undefined)
}

function listModels(server: LocalServer, timeoutMs: number): Promise<LocalModel[] | undefined> {
  if (server.kind === 'ollama') return listOllamaModels(server.url, timeoutMs)
  return listOpenAiCompatibleModels(server.kind, server.url, timeoutMs)
}

function withModels(server: LocalServer, models: LocalModel[] | undefined): FoundServer | undefined {
  if (models === undefined) return undefined
  return { ...server, models: [...models].sort((a, b) => a.id.localeCompare(b.id)) }
}
