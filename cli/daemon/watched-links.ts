import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, symlinkSync, unlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The files a settings snapshot is built from, by the name the worker reads each under (settings-source.ts). */
export const WATCHED_LINK_NAMES = { settings: 'models.json', auth: 'auth.json', config: 'config.toml' } as const

export type WatchedFileRole = keyof typeof WATCHED_LINK_NAMES

/** Each run's links live in a directory of their own, `run-XXXXXX` inside the folder given. */
const RUN_PREFIX = 'run-'

/**
 * A new directory that holds one symbolic link per settings file and nothing else, for the worker's read-only
 * disk binding. workerd keeps the directory it was given at start, but it opens each link by its path at every
 * read: so a file, or a whole `~/.codex`, that is replaced or re-pointed (a restore, a dotfiles manager) is read
 * anew by the next request; a file that does not exist yet is a dangling link (404) until it does; and the worker
 * can read these three files, not the rest of the user's folders (the token, Codex's sessions).
 *
 * Only what a run made is ever removed (its links, then its directory if nothing else is in it), never a file of
 * the user's, wherever the folder is. Undefined when the links cannot be made; the worker then finds no binding
 * and asks the daemon every time.
 */
export function createWatchedLinks(
  folder: string,
  targets: Record<WatchedFileRole, string>,
): { directory: string; remove: () => void } | undefined {
  let directory: string | undefined
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    for (const entry of readdirSync(folder)) if (entry.startsWith(RUN_PREFIX)) removeRun(join(folder, entry)) // a crashed run's
    directory = mkdtempSync(join(folder, RUN_PREFIX))
    for (const role of Object.keys(WATCHED_LINK_NAMES) as WatchedFileRole[])
      symlinkSync(resolve(targets[role]), join(directory, WATCHED_LINK_NAMES[role]))
    const made = directory
    return { directory: made, remove: () => removeRun(made) }
  } catch {
    if (directory !== undefined) removeRun(directory)
    return undefined
  }
}

/** A run's links, then its directory if that leaves it empty; never throws (the binding is only a shortcut). */
function removeRun(directory: string): void {
  for (const name of Object.values(WATCHED_LINK_NAMES)) {
    const path = join(directory, name)
    try {
      if (lstatSync(path).isSymbolicLink()) unlinkSync(path)
    } catch {
      // Not there: nothing to remove.
    }
  }
  try {
    rmdirSync(directory)
  } catch {
    // Not empty (something that is not ours is in it) or already gone: left as it is.
  }
}
