import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/** The `codex` command users run; CODEX_SHIM_CODEX_BIN points elsewhere (tests use the pinned devDependency). */
export function codexCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEX_SHIM_CODEX_BIN || 'codex'
}

/** `codex --version` as [major, minor, patch], or undefined when Codex is not installed. */
export async function codexVersion(env: NodeJS.ProcessEnv = process.env): Promise<{ text: string; parts: number[] } | undefined> {
  try {
    const { stdout } = await execFileAsync(codexCommand(env), ['--version'], { env, timeout: 10_000, shell: process.platform === 'win32' })
    const text = stdout.trim()
    const match = /(\d+)\.(\d+)\.(\d+)/.exec(text)
    return { text, parts: match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [] }
  } catch {
    return undefined
  }
}

/** Codex 0.169 reads `model_providers.<id>.model_catalog_url` (reference/codex-client.md §6). */
export function supportsCatalogUrl(version: { parts: number[] } | undefined): boolean {
  const [major = 0, minor = 0] = version?.parts ?? []
  return major > 0 || minor >= 169
}

/** Adds the loopback names to NO_PROXY/no_proxy, so a system proxy never captures Codex's calls to the gateway. */
export function withLoopbackNoProxy(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result = { ...env }
  for (const name of ['NO_PROXY', 'no_proxy']) {
    const entries = (env[name] ?? '').split(',').map((entry) => entry.trim()).filter(Boolean)
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      if (!entries.some((entry) => entry.toLowerCase() === host)) entries.push(host)
    }
    result[name] = entries.join(',')
  }
  return result
}
