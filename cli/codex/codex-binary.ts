import { commandInvocation, hostPlatform, type Invocation, type Platform } from '../platform'
import { UserError } from '../user-error'

export { withLoopbackNoProxy } from '../platform'

/** The `codex` command users run; CODEX_SHIM_CODEX_BIN points elsewhere (tests use the pinned devDependency). */
export function codexCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEX_SHIM_CODEX_BIN || 'codex'
}

/**
 * How to run `codex args…` with no shell in between: resolved on Path/PATHEXT, npm's codex.cmd bypassed for the
 * node script behind it (so prompts with spaces, `&` or `%` and paths with spaces stay whole on Windows). Undefined
 * when Codex is not installed.
 */
export function codexInvocation(args: readonly string[], platform: Platform): Promise<Invocation | undefined> {
  return commandInvocation(codexCommand(platform.env), args, platform)
}

/** As codexInvocation, but a missing Codex is the user's to fix. */
export async function requireCodexInvocation(args: readonly string[], platform: Platform): Promise<Invocation> {
  const invocation = await codexInvocation(args, platform)
  if (invocation !== undefined) return invocation
  const configured = platform.env.CODEX_SHIM_CODEX_BIN
  throw new UserError(
    configured
      ? `The codex command CODEX_SHIM_CODEX_BIN names (${configured}) was not found.`
      : 'The codex command was not found.',
    configured
      ? 'Point CODEX_SHIM_CODEX_BIN at the codex executable, or unset it.'
      : 'Install it with `npm install -g @openai/codex`.',
  )
}

/** `codex --version` as [major, minor, patch], or undefined when Codex is not installed. */
export async function codexVersion(
  env: NodeJS.ProcessEnv = process.env,
  platform: Platform = hostPlatform(env),
): Promise<{ text: string; parts: number[] } | undefined> {
  try {
    const invocation = await codexInvocation(['--version'], platform)
    if (invocation === undefined) return undefined
    const { stdout } = await platform.exec(invocation.file, invocation.args, {
      env,
      timeoutMs: 10_000,
      windowsVerbatimArguments: invocation.windowsVerbatimArguments,
    })
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
