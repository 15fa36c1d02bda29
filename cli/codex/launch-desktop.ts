import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { commandInvocation, hostPlatform, parseTasklistCsv, type Platform } from '../platform'
import { codexCommand, withLoopbackNoProxy } from './codex-binary'

export type DesktopLaunch =
  | { kind: 'launched'; how: string }
  | { kind: 'failed'; reason: string; hint: string }
  | { kind: 'unsupported'; reason: string }

export interface LaunchAttempt {
  command: string
  args: string[]
  /** How the attempt reads in messages, e.g. `open -b com.openai.codex codex://…`. */
  how: string
}

export type SpawnOutcome =
  | { kind: 'exited'; exitCode: number | null; stderr: string }
  | { kind: 'error'; message: string }
/** Runs a program to its end; injected so that the macOS and Windows paths are tested on Linux. */
export type Spawner = (command: string, args: string[], env: NodeJS.ProcessEnv) => Promise<SpawnOutcome>

const CODEX_BUNDLE_ID = 'com.openai.codex'
const SPAWN_TIMEOUT_MS = 120_000

/**
 * The link Codex Desktop opens a new thread in a folder with; `codex app <dir>` opens the same one on Windows
 * (openai/codex#26500). `'` is encoded too, since encodeURIComponent keeps it and PowerShell quotes with it.
 */
export function desktopThreadLink(directory: string): string {
  return `codex://threads/new?path=${encodeURIComponent(directory).replace(/'/g, '%27')}`
}

/**
 * What to try, in order. macOS: the app by bundle id with the thread link, since `open -a Codex <dir>` no longer
 * opens the workspace (openai/codex#25166) and the app is now ChatGPT.app; then Codex's own `codex app <dir>`.
 * Windows: the Store app cannot be started by path (Access denied, openai/codex#33960), so the link goes through
 * the protocol handler (Start-Process fails when none is registered), then `codex app <dir>`.
 */
export function desktopLaunchAttempts(
  directory: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): LaunchAttempt[] {
  const link = desktopThreadLink(directory)
  const codexApp = { command: codexCommand(env), args: ['app', directory], how: `${codexCommand(env)} app` }
  if (platform === 'darwin')
    return [{ command: 'open', args: ['-b', CODEX_BUNDLE_ID, link], how: `open -b ${CODEX_BUNDLE_ID}` }, codexApp]
  if (platform === 'win32') {
    const command = `Start-Process -ErrorAction Stop '${link}'`
    return [
      {
        command: 'powershell.exe',
        args: ['-NoProfile', '-NonInteractive', '-Command', command],
        how: 'the codex:// link',
      },
      codexApp,
    ]
  }
  return []
}

/** Opens Codex Desktop on `workspace`, and says so only when a launcher reported success. */
export async function launchCodexDesktop(
  workspace: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  spawner: Spawner = spawnerFor(hostPlatform(env)),
): Promise<DesktopLaunch> {
  if (platform !== 'darwin' && platform !== 'win32') {
    return {
      kind: 'unsupported',
      reason:
        'Codex Desktop is available for macOS and Windows only; on Linux use the Codex CLI (`codex`), which now uses the gateway too.',
    }
  }
  const directory = resolve(workspace)
  const isFolder = await stat(directory).then(
    (stats) => stats.isDirectory(),
    () => false,
  )
  if (!isFolder)
    return {
      kind: 'failed',
      reason: `${directory} is not a folder, so Codex Desktop cannot open it.`,
      hint: 'Pass the folder of a project: codex-shim app ~/src/project',
    }
  const childEnv = withLoopbackNoProxy(env, platform)
  const failures: string[] = []
  for (const attempt of desktopLaunchAttempts(directory, env, platform)) {
    const outcome = await spawner(attempt.command, attempt.args, childEnv)
    if (outcome.kind === 'exited' && outcome.exitCode === 0) return { kind: 'launched', how: attempt.how }
    failures.push(`${attempt.how}: ${describeFailure(outcome)}`)
  }
  return {
    kind: 'failed',
    reason: `Could not open Codex Desktop (${failures.join('; ')}).`,
    hint: 'Install Codex Desktop (on macOS it is now ChatGPT.app), or open the folder from the app itself; the config is already written.',
  }
}

function describeFailure(outcome: SpawnOutcome): string {
  if (outcome.kind === 'error') return outcome.message
  const detail = outcome.stderr.trim().split('\n').at(-1) ?? ''
  return detail === '' ? `exit ${outcome.exitCode ?? 'by signal'}` : detail
}

/**
 * Runs each attempt to its end with no shell: the command is resolved on Path/PATHEXT and npm's codex.cmd is
 * bypassed for its node script (a `.cmd` cannot be spawned without a shell since CVE-2024-27980, and through a
 * shell the folder would be split at its spaces), so libuv quotes each argument and a path with spaces, `&` or
 * quotes stays one argument. windowsHide: nothing we start here should flash a console window.
 */
export function spawnerFor(platform: Platform): Spawner {
  return async (command, args, env) => {
    const invocation = await commandInvocation(command, args, { ...platform, env })
    if (invocation === undefined) return { kind: 'error', message: `${command} was not found` }
    return new Promise((resolvePromise) => {
      const child = platform.spawn(invocation.file, invocation.args, {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
        windowsHide: true,
        windowsVerbatimArguments: invocation.windowsVerbatimArguments,
        timeout: SPAWN_TIMEOUT_MS,
      })
      let stderr = ''
      child.stderr?.on('data', (chunk: Buffer) => {
        if (stderr.length < 4096) stderr += chunk.toString()
      })
      child.once('error', (error) => resolvePromise({ kind: 'error', message: error.message }))
      child.once('close', (exitCode) => resolvePromise({ kind: 'exited', exitCode, stderr }))
    })
  }
}

/**
 * The Store app is started by protocol activation, with explorer's environment, and a running app only gets the
 * link: the NO_PROXY we add never reaches it. Said once a proxy is in play, with the two fixes that do reach it.
 */
export function desktopProxyNote(os: NodeJS.Platform, isProxyInPlay: boolean): string | undefined {
  if (os !== 'win32' || !isProxyInPlay) return undefined
  return (
    'Codex Desktop does not get the NO_PROXY codex-shim sets (Windows starts Store apps with its own environment). If its calls to the gateway ' +
    'go to your proxy, run `setx NO_PROXY "127.0.0.1,localhost,::1"` and restart the app, or add 127.0.0.1 and localhost to the proxy\'s bypass list.'
  )
}

/** Desktop executables on Windows: ChatGPT.exe in current Store builds, Codex.exe in earlier ones. */
const DESKTOP_IMAGES = ['ChatGPT.exe', 'Codex.exe']

/** Whether Codex Desktop runs now (it keeps the config it started with); undefined when that cannot be told. */
export async function isDesktopRunning(platform: Pick<Platform, 'os' | 'exec'>): Promise<boolean | undefined> {
  if (platform.os !== 'win32') return undefined
  for (const image of DESKTOP_IMAGES) {
    const result = await platform
      .exec('tasklist', ['/FI', `IMAGENAME eq ${image}`, '/FO', 'CSV', '/NH'], { timeoutMs: 10_000 })
      .catch(() => undefined)
    if (result === undefined) return undefined
    if (parseTasklistCsv(result.stdout).some((row) => row.imageName.toLowerCase() === image.toLowerCase())) return true
  }
  return false
}
