import { execFile } from 'node:child_process'
import type { DesktopRestartOutcome } from '../../shared/host-protocol'

/** What running one program gave; injected so the macOS and Windows paths are tested on Linux. */
export type CommandResult = { exitCode: number; stdout: string; stderr: string } | { error: string }
export type RunCommand = (command: string, args: readonly string[]) => Promise<CommandResult>

export interface RestartOptions {
  os: NodeJS.Platform
  run?: RunCommand
  /** Waits between checks that the app has gone; tests pass one that returns at once. */
  sleep?: (milliseconds: number) => Promise<void>
}

const BUNDLE_ID = 'com.openai.codex'
/** Current Store builds run ChatGPT.exe, earlier ones Codex.exe (reference/windows.md §5). */
const WINDOWS_IMAGES = ['ChatGPT.exe', 'Codex.exe']
const QUIT_WAIT_MS = 10_000
const POLL_MS = 250
const COMMAND_TIMEOUT_MS = 15_000

/**
 * Restarts Codex Desktop so it reads the new config (a running app keeps the one it started with). macOS: asks
 * the app to quit (only if it runs: telling a closed app to quit would launch it), waits until it is gone, then
 * `open -b com.openai.codex`. Windows: closes the app's process (forced only if it will not close), then starts
 * it again through its codex:// handler, since a Store app cannot be started by path. Elsewhere, and when the app
 * is not running, nothing is started, and the outcome says so.
 */
export async function restartCodexDesktop(options: RestartOptions): Promise<DesktopRestartOutcome> {
  const run = options.run ?? runCommand
  const sleep =
    options.sleep ?? ((milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)))
  if (options.os === 'darwin') return restartOnMac(run, sleep)
  if (options.os === 'win32') return restartOnWindows(run, sleep)
  return {
    kind: 'unsupported',
    message: 'Codex Desktop runs on macOS and Windows only; a Codex CLI session picks the new model up when it starts.',
  }
}

async function restartOnMac(
  run: RunCommand,
  sleep: (milliseconds: number) => Promise<void>,
): Promise<DesktopRestartOutcome> {
  const isRunning = async () => {
    const result = await run('osascript', ['-e', `application id "${BUNDLE_ID}" is running`])
    return 'error' in result ? undefined : result.stdout.trim() === 'true'
  }
  const running = await isRunning()
  if (running === undefined)
    return {
      kind: 'failed',
      message:
        'Could not ask macOS whether Codex Desktop runs (osascript failed). Restart it yourself to use the new model.',
    }
  if (!running)
    return { kind: 'not_running', message: 'Codex Desktop is not running; it uses the new model when you open it.' }
  const quit = await run('osascript', ['-e', `tell application id "${BUNDLE_ID}" to quit`])
  if (!succeeded(quit))
    return {
      kind: 'failed',
      message: `Codex Desktop did not quit (${describe(quit)}). Quit and reopen it yourself to use the new model.`,
    }
  if (!(await waitUntil(async () => (await isRunning()) === false, sleep))) {
    return {
      kind: 'failed',
      message: `Codex Desktop was asked to quit but still runs after ${QUIT_WAIT_MS / 1000} s (an unsaved prompt?). Quit and reopen it yourself.`,
    }
  }
  const open = await run('open', ['-b', BUNDLE_ID])
  if (!succeeded(open))
    return {
      kind: 'failed',
      message: `Codex Desktop quit but did not start again (${describe(open)}). Open it yourself.`,
    }
  return { kind: 'restarted', message: `Restarted Codex Desktop (open -b ${BUNDLE_ID}).` }
}

async function restartOnWindows(
  run: RunCommand,
  sleep: (milliseconds: number) => Promise<void>,
): Promise<DesktopRestartOutcome> {
  const runningImage = async (): Promise<string | undefined | null> => {
    for (const image of WINDOWS_IMAGES) {
      const result = await run('tasklist', ['/FI', `IMAGENAME eq ${image}`, '/FO', 'CSV', '/NH'])
      if ('error' in result) return null
      if (result.stdout.toLowerCase().includes(`"${image.toLowerCase()}"`)) return image
    }
    return undefined
  }
  const image = await runningImage()
  if (image === null)
    return {
      kind: 'failed',
      message: 'Could not list processes (tasklist failed). Restart Codex Desktop yourself to use the new model.',
    }
  if (image === undefined)
    return { kind: 'not_running', message: 'Codex Desktop is not running; it uses the new model when you open it.' }
  // Without /F taskkill asks the windows to close, as clicking X does; /F only for an app that ignores that.
  await run('taskkill', ['/IM', image, '/T'])
  if (!(await waitUntil(async () => (await runningImage()) === undefined, sleep))) {
    const forced = await run('taskkill', ['/IM', image, '/T', '/F'])
    if (!succeeded(forced))
      return {
        kind: 'failed',
        message: `Codex Desktop (${image}) did not close (${describe(forced)}). Restart it yourself.`,
      }
  }
  const start = await run('powershell.exe', [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    "Start-Process -ErrorAction Stop 'codex://threads/new'",
  ])
  if (!succeeded(start))
    return {
      kind: 'failed',
      message: `Codex Desktop closed but did not start again (${describe(start)}). Start it from the Start menu.`,
    }
  return { kind: 'restarted', message: `Restarted Codex Desktop (${image}).` }
}

async function waitUntil(
  isDone: () => Promise<boolean>,
  sleep: (milliseconds: number) => Promise<void>,
): Promise<boolean> {
  for (let waited = 0; waited < QUIT_WAIT_MS; waited += POLL_MS) {
    if (await isDone()) return true
    await sleep(POLL_MS)
  }
  return isDone()
}

function succeeded(result: CommandResult): boolean {
  return !('error' in result) && result.exitCode === 0
}

function describe(result: CommandResult): string {
  if ('error' in result) return result.error
  const detail = result.stderr.trim().split('\n').at(-1) ?? ''
  return detail === '' ? `exit ${result.exitCode}` : detail
}

/** No shell: arguments reach the program as given. windowsHide: nothing started here should flash a console. */
function runCommand(command: string, args: readonly string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { timeout: COMMAND_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return resolve({ error: error.message })
        resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr })
      },
    )
  })
}
