import { spawn } from 'node:child_process'

export type BrowserOpen = { kind: 'opened'; how: string } | { kind: 'failed'; reason: string }

/** The system's own "open this URL" command: no shell, so the URL is one argument whatever it holds. */
export function browserCommand(os: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (os === 'darwin') return { command: 'open', args: [url] }
  // rundll32 hands the URL to the default browser without cmd's `start`, which would need quoting for `&`.
  if (os === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] }
  return { command: 'xdg-open', args: [url] }
}

/** Starts the browser and returns once the opener started (or could not); the browser itself is not waited for. */
export function openInBrowser(url: string, os: NodeJS.Platform = process.platform): Promise<BrowserOpen> {
  const { command, args } = browserCommand(os, url)
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true })
    child.once('error', (error) => resolve({ kind: 'failed', reason: `${command}: ${error.message}` }))
    child.once('spawn', () => {
      child.unref()
      resolve({ kind: 'opened', how: command })
    })
  })
}
