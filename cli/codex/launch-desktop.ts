import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { withLoopbackNoProxy } from './codex-binary'

export type DesktopLaunch = { kind: 'launched'; how: string } | { kind: 'unsupported'; reason: string }

/** Opens Codex Desktop on `workspace`: `open -a Codex` on macOS, its launcher on Windows; Linux has no Desktop app. */
export function launchCodexDesktop(workspace: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): DesktopLaunch {
  const directory = resolve(workspace)
  const childEnv = withLoopbackNoProxy(env)
  if (platform === 'darwin') {
    spawn('open', ['-a', 'Codex', directory], { env: childEnv, stdio: 'ignore', detached: true }).unref()
    return { kind: 'launched', how: 'open -a Codex' }
  }
  if (platform === 'win32') {
    const installed = join(env.LOCALAPPDATA ?? '', 'Programs', 'Codex', 'Codex.exe')
    const executable = existsSync(installed) ? installed : 'Codex.exe'
    spawn(executable, [directory], { env: childEnv, stdio: 'ignore', detached: true, shell: executable === 'Codex.exe' }).unref()
    return { kind: 'launched', how: executable }
  }
  return { kind: 'unsupported', reason: 'Codex Desktop is available for macOS and Windows only; on Linux use the Codex CLI (`codex`), which now uses the gateway too.' }
}
