import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { CHATGPT_PASSTHROUGH_SLUG } from '../../shared/constants'
import { writeFileAtomic } from '../atomic-write'
import { fileInvocation, hostPlatform, resolveCommand, type Platform } from '../platform'
import { codexCommand } from './codex-binary'

export const PASSTHROUGH_ENTRY_FILE = 'codex-gpt-5.5-entry.json'

/**
 * Codex's own catalog entry for gpt-5.5, from the installed Codex (`codex debug models` with an empty CODEX_HOME
 * lists its bundled catalog). A `model_catalog_json` replaces that catalog, so without this the passthrough
 * model would run on our short instructions instead of Codex's full prompt for it. Kept in the runtime home,
 * keyed by the Codex binary, so Codex runs only when it changes; undefined when Codex is not installed.
 */
export async function codexPassthroughEntry(
  runtimeHomeDir: string,
  env: NodeJS.ProcessEnv,
  platform: Platform = hostPlatform(env),
): Promise<Record<string, unknown> | undefined> {
  // The same resolution as `codex-shim codex` uses, so the probe and the real run find the same binary.
  const binary = await resolveCommand(codexCommand(env), platform)
  if (binary === undefined) return undefined
  const info = await stat(binary).catch(() => undefined)
  const key = `${binary}:${info?.size ?? 0}:${info?.mtimeMs ?? 0}`
  const cacheFile = join(runtimeHomeDir, PASSTHROUGH_ENTRY_FILE)
  const cached = await readFile(cacheFile, 'utf8')
    .then((text) => JSON.parse(text) as { key?: string; entry?: Record<string, unknown> })
    .catch(() => undefined)
  if (cached?.key === key) return cached.entry
  const entry = await bundledEntry(binary, runtimeHomeDir, env, platform)
  if (entry) await writeFileAtomic(cacheFile, `${JSON.stringify({ key, entry })}\n`)
  return entry
}

async function bundledEntry(
  binary: string,
  runtimeHomeDir: string,
  env: NodeJS.ProcessEnv,
  platform: Platform,
): Promise<Record<string, unknown> | undefined> {
  const emptyHome = join(runtimeHomeDir, 'codex-probe-home')
  await mkdir(emptyHome, { recursive: true })
  try {
    const invocation = await fileInvocation(binary, ['debug', 'models'], platform)
    const { stdout } = await platform.exec(invocation.file, invocation.args, {
      env: { ...env, CODEX_HOME: emptyHome },
      timeoutMs: 15_000,
      maxBuffer: 32 * 1024 * 1024,
      windowsVerbatimArguments: invocation.windowsVerbatimArguments,
    })
    const catalog = JSON.parse(stdout) as { models?: Record<string, unknown>[] }
    return catalog.models?.find((model) => model.slug === CHATGPT_PASSTHROUGH_SLUG)
  } catch {
    // An older or broken Codex: our own entry serves instead.
    return undefined
  }
}
