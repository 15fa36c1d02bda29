/**
 * The environment cursor-agent runs with: the user's own (its login lives under HOME or in the Keychain), minus
 * CURSOR_API_KEY, which would override the subscription login with a key (reference/cursor-agent.md §2), unless
 * the user opts in with CODEX_SHIM_CURSOR_USE_API_KEY=1. The gateway's own secrets never reach it.
 */
export function cursorChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env, NO_OPEN_BROWSER: '1' }
  // Names compared without case: a copy of Windows' environment keeps whatever spelling it had (cursor_api_key).
  const dropped = new Set([
    'CODEX_SHIM_ACCESS_TOKEN',
    ...(env.CODEX_SHIM_CURSOR_USE_API_KEY === '1' ? [] : ['CURSOR_API_KEY']),
  ])
  for (const name of Object.keys(child)) if (dropped.has(name.toUpperCase())) delete child[name]
  return child
}
