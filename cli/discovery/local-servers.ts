/** The local model servers `discover` and the zero-config default look for, on their default ports. */
export type LocalServerKind = 'ollama' | 'lmstudio' | 'llamacpp' | 'vllm'

export interface LocalServer {
  kind: LocalServerKind
  label: string
  /** Where the server answers, without a trailing slash (no `/v1`). */
  url: string
}

interface ServerDefinition {
  kind: LocalServerKind
  label: string
  defaultUrl: string
  /** Overrides the address (tests, a server on another port); `off` skips the server. */
  envName: string
}

/** Ollama's, LM Studio's, llama.cpp's (`llama-server`) and vLLM's (`vllm serve`) defaults. */
const SERVERS: readonly ServerDefinition[] = [
  { kind: 'ollama', label: 'Ollama', defaultUrl: 'http://127.0.0.1:11434', envName: 'CODEX_SHIM_OLLAMA_URL' },
  { kind: 'lmstudio', label: 'LM Studio', defaultUrl: 'http://127.0.0.1:1234', envName: 'CODEX_SHIM_LMSTUDIO_URL' },
  { kind: 'llamacpp', label: 'llama.cpp', defaultUrl: 'http://127.0.0.1:8080', envName: 'CODEX_SHIM_LLAMACPP_URL' },
  { kind: 'vllm', label: 'vLLM', defaultUrl: 'http://127.0.0.1:8000', envName: 'CODEX_SHIM_VLLM_URL' },
]

export const LOCAL_SERVER_ENV_NAMES = SERVERS.map((server) => server.envName)

/** The servers to look at: each at its default address unless its variable moves it or says `off`. */
export function localServersToCheck(env: NodeJS.ProcessEnv): LocalServer[] {
  const servers: LocalServer[] = []
  for (const server of SERVERS) {
    const override = env[server.envName]?.trim()
    if (override?.toLowerCase() === 'off') continue
    const url = override !== undefined && override !== '' ? override : server.defaultUrl
    servers.push({ kind: server.kind, label: server.label, url: url.replace(/\/+$/, '') })
  }
  return servers
}

/** `CODEX_SHIM_DISABLE_DISCOVERY=1`: no local servers served without a models.json, and none shown by doctor. */
export function isDiscoveryDisabled(env: NodeJS.ProcessEnv): boolean {
  return ['1', 'true', 'yes', 'on'].includes((env.CODEX_SHIM_DISABLE_DISCOVERY ?? '').trim().toLowerCase())
}
