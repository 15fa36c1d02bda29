import type { Platform } from './platform'

export interface ShimTarget {
  /** The program the shim would start: node.exe beside the shim, else the Node running us. */
  program: string
  /** The script it passes to it, e.g. …\node_modules\@openai\codex\bin\codex.js. */
  script: string
}

/** `"%_prog%"  "%dp0%\node_modules\@openai\codex\bin\codex.js" %*`, the last line of npm's cmd-shim. */
const CMD_TARGET = /"%dp0%\\([^"]+)"\s*%\*\s*$/m
/** `SET "_prog=node"`: the shebang's program when node.exe is not beside the shim. */
const CMD_PROGRAM = /SET "_prog=([^"%]+)"/
/** `& "$basedir/node$exe"  "$basedir/node_modules/@openai/codex/bin/codex.js" $args`, from the .ps1 shim. */
const PS1_TARGET = /"\$basedir\/([^"]+)"\s*\$args/
const PS1_PROGRAM = /& "(?:\$basedir\/)?([^"$]+)\$exe"/

/**
 * What an npm bin shim (`codex.cmd`, `codex.ps1`) runs, read from the shim itself, so that it can be started
 * directly: no cmd.exe between us and Codex (it would re-parse the arguments and cap the line at 8191 characters)
 * and no PowerShell (execution policy, and its shims swallow `--`). Undefined for anything but a Node script.
 */
export async function npmShimTarget(
  shim: string,
  platform: Pick<Platform, 'path' | 'fs' | 'execPath'>,
): Promise<ShimTarget | undefined> {
  const { path } = platform
  const isPowerShell = path.extname(shim).toLowerCase() === '.ps1'
  const text = await platform.fs.readFile(shim).catch(() => undefined)
  if (text === undefined) return undefined
  const target = (isPowerShell ? PS1_TARGET : CMD_TARGET).exec(text)?.[1]
  if (target === undefined || !/\.[cm]?js$/i.test(target)) return undefined
  const program = (isPowerShell ? PS1_PROGRAM : CMD_PROGRAM).exec(text)?.[1] ?? 'node'
  if (path.basename(program).toLowerCase() !== 'node') return undefined
  const directory = path.dirname(shim)
  const script = path.join(directory, ...target.split(/[\\/]/))
  const besideShim = path.join(directory, 'node.exe')
  return { program: (await platform.fs.isFile(besideShim)) ? besideShim : platform.execPath, script }
}
