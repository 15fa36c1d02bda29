import { envValue } from './case-aware-env'
import type { Platform } from './platform'

/** cmd.exe's own default, used when PATHEXT is not set. */
const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD'

type ResolvePlatform = Pick<Platform, 'os' | 'path' | 'env' | 'fs'>

/**
 * The file a command name runs, searched like a shell would: `Path` (any spelling) and PATHEXT on Windows, PATH
 * elsewhere. A name with a directory part is resolved against the current directory only. The current directory is
 * not searched for bare names (cmd.exe does that; CreateProcess callers that care turn it off). Undefined means
 * "not installed", which the caller reports in words: on Windows a missing program is not always an ENOENT.
 */
export async function resolveCommand(command: string, platform: ResolvePlatform): Promise<string | undefined> {
  const { path } = platform
  const hasDirectory =
    path.isAbsolute(command) || command.includes('/') || (platform.os === 'win32' && command.includes('\\'))
  if (hasDirectory) return firstFile(candidatesFor(path.resolve(command), platform), platform)
  for (const directory of searchPath(platform)) {
    const found = await firstFile(candidatesFor(path.join(directory, command), platform), platform)
    if (found !== undefined) return found
  }
  return undefined
}

/** On Windows the name as given (when it has an extension: `codex.exe`), then each PATHEXT extension, in order. */
function candidatesFor(base: string, platform: ResolvePlatform): string[] {
  if (platform.os !== 'win32') return [base]
  const extensions = (envValue(platform.env, 'PATHEXT', platform.os) || DEFAULT_PATHEXT)
    .split(';')
    .map((extension) => extension.trim())
    .filter(Boolean)
  const asGiven = platform.path.extname(base) === '' ? [] : [base]
  return [...asGiven, ...extensions.map((extension) => base + extension.toLowerCase())]
}

function searchPath(platform: ResolvePlatform): string[] {
  const value = envValue(platform.env, 'PATH', platform.os) ?? ''
  const separator = platform.os === 'win32' ? ';' : ':'
  // Windows Path entries may be quoted ("C:\Program Files\nodejs"); the quotes are not part of the directory.
  return value
    .split(separator)
    .map((entry) => entry.trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean)
}

async function firstFile(candidates: string[], platform: ResolvePlatform): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (await platform.fs.isFile(candidate)) return candidate
  }
  return undefined
}
