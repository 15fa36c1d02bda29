import { stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'

/**
 * Where Cursor's headless CLI is: $CURSOR_AGENT_BIN, else `cursor-agent` on PATH, else where Cursor's installer
 * puts it (~/.local/bin on macOS and Linux, %LOCALAPPDATA%\cursor-agent on Windows). The bare name `agent` is
 * not tried: it is ambiguous, and Homebrew links only `cursor-agent` (reference/cursor-agent.md §1).
 */
export async function locateCursorAgent(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): Promise<string | undefined> {
  if (env.CURSOR_AGENT_BIN) return (await isFile(env.CURSOR_AGENT_BIN)) ? env.CURSOR_AGENT_BIN : undefined
  const names = platform === 'win32' ? ['cursor-agent.cmd', 'cursor-agent.exe'] : ['cursor-agent']
  const pathSeparator = platform === 'win32' ? ';' : delimiter
  for (const directory of (env.PATH ?? env.Path ?? '').split(pathSeparator).filter(Boolean)) {
    for (const name of names) if (await isFile(join(directory, name))) return join(directory, name)
  }
  const standard =
    platform === 'win32'
      ? join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'cursor-agent', 'cursor-agent.cmd')
      : join(home, '.local', 'bin', 'cursor-agent')
  return (await isFile(standard)) ? standard : undefined
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false
}
