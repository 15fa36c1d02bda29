/**
 * The environment cursor-agent runs with: the user's own (its login lives under HOME or in the Keychain), minus
 * CURSOR_API_KEY, which would override the subscription login with a key (reference/cursor-agent.md §2), unless
 * the user opts in with CODEX_SHIM_CURSOR_USE_API_KEY=1. The gateway's own secrets never reach it.
 */
export function cursorChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env, NO_OPEN_BROWSER: '1' }
  if (env.CODEX_SHIM_CURSOR_USE_API_KEY !== '1') delete child.CURSOR_API_KEY
  delete child.CODEX_SHIM_ACCESS_TOKEN
  return child
}
