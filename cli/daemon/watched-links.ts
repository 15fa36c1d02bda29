import { mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The files a settings snapshot is built from, by the name the worker reads each under (settings-source.ts). */
export const WATCHED_LINK_NAMES = { settings: 'models.json', auth: 'auth.json', config: 'config.toml' } as const

export type WatchedFileRole = keyof typeof WATCHED_LINK_NAMES

/**
 * A directory that holds one symbolic link per settings file and nothing else, for the worker's read-only disk
 * binding. workerd keeps the directory it was given at start, but it opens each link by its path at every read:
 * so a file, or a whole `~/.codex`, that is replaced or re-pointed (a restore, a dotfiles manager) is read anew
 * by the next request; a file that does not exist yet is a dangling link (404) until it does; and the worker can
 * read these three files, not the rest of the user's directories (the token, Codex's sessions).
 *
 * Undefined when the links cannot be made; the worker then finds no binding and asks the daemon every time.
 */
export function createWatchedLinks(
  directory: string,
  targets: Record<WatchedFileRole, string>,
): { directory: string; remove: () => void } | undefined {
  const remove = () => rmSync(directory, { recursive: true, force: true })
  try {
    remove() // a crashed run's links, which may point at another settings file
    mkdirSync(directory, { recursive: true, mode: 0o700 })
    for (const role of Object.keys(WATCHED_LINK_NAMES) as WatchedFileRole[])
      symlinkSync(resolve(targets[role]), join(directory, WATCHED_LINK_NAMES[role]))
    return { directory, remove }
  } catch {
    try {
      remove()
    } catch {
      // Nothing more to do: without the directory there is no binding, which is the fallback anyway.
    }
    return undefined
  }
}
