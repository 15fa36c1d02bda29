import { readdir, realpath, stat } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'

export interface FrameworkBinary {
  /** The framework folder, e.g. Contents/Frameworks/Codex Framework.framework. */
  framework: string
  /** The binary's real path (frameworks reach it through the Versions/Current symlink). */
  binary: string
  /** The binary's path relative to the app, for messages and plans. */
  label: string
}

/**
 * Every `*.framework` binary under Contents/Frameworks. The Electron one is no longer called
 * `Electron Framework.framework` in ChatGPT.app (reference/opencode-and-desktop.md §2.2), so none is assumed.
 */
export async function listFrameworkBinaries(appPath: string): Promise<FrameworkBinary[]> {
  const frameworksDir = join(appPath, 'Contents', 'Frameworks')
  const names = await readdir(frameworksDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  const binaries: FrameworkBinary[] = []
  for (const name of names.filter((entry) => entry.endsWith('.framework')).sort()) {
    const framework = join(frameworksDir, name)
    const candidate = join(framework, basename(name, '.framework'))
    const binary = await realpath(candidate).catch(() => undefined)
    if (binary === undefined || !(await stat(binary)).isFile()) continue
    binaries.push({ framework, binary, label: relative(appPath, binary) })
  }
  return binaries
}
