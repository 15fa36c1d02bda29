import { UserError } from '../user-error'
import { envValue } from './case-aware-env'
import { npmShimTarget } from './npm-shim-target'
import type { Platform } from './platform'
import { resolveCommand } from './resolve-command'
import { CMD_LINE_LIMIT, cmdExeLine, CREATE_PROCESS_LIMIT, windowsCommandLine } from './windows-command-line'

/** A program and its arguments, ready for spawn/execFile with `shell: false`. */
export interface Invocation {
  file: string
  args: string[]
  /** Set only for a cmd.exe line we quoted ourselves. */
  windowsVerbatimArguments: boolean
  /** How it runs: `direct`, a Node `script` (npm shims bypassed), `powershell -File`, or `cmd` as the last resort. */
  via: 'direct' | 'script' | 'powershell' | 'cmd'
}

type InvocationPlatform = Pick<Platform, 'os' | 'path' | 'env' | 'fs' | 'execPath'>

/** `command args…` as something spawn can run without a shell; undefined when the command is not installed. */
export async function commandInvocation(
  command: string,
  args: readonly string[],
  platform: InvocationPlatform,
): Promise<Invocation | undefined> {
  const file = await resolveCommand(command, platform)
  return file === undefined ? undefined : fileInvocation(file, args, platform)
}

/**
 * How to run a resolved file. A Node script runs under Node (Windows cannot start a `.js`). On Windows: an `.exe`
 * directly; npm's `.cmd`/`.ps1` shims are read and bypassed (their Node script runs directly); an unknown `.ps1`
 * through `powershell -File`; an unknown `.cmd`/`.bat` through cmd.exe with every argument escaped for it. Spawning
 * a `.cmd` without a shell is EINVAL since the CVE-2024-27980 fix, and `shell: true` joins arguments unquoted.
 */
export async function fileInvocation(
  file: string,
  args: readonly string[],
  platform: InvocationPlatform,
): Promise<Invocation> {
  const extension = platform.path.extname(file).toLowerCase()
  if (/^\.[cm]?js$/.test(extension))
    return checked(
      { file: platform.execPath, args: [file, ...args], windowsVerbatimArguments: false, via: 'script' },
      platform,
    )
  if (platform.os !== 'win32') return { file, args: [...args], windowsVerbatimArguments: false, via: 'direct' }
  if (extension === '.cmd' || extension === '.bat' || extension === '.ps1') {
    const target =
      (await npmShimTarget(file, platform)) ??
      (extension === '.ps1' ? undefined : await npmShimTarget(swapExtension(file, '.ps1', platform), platform))
    if (target !== undefined)
      return checked(
        { file: target.program, args: [target.script, ...args], windowsVerbatimArguments: false, via: 'script' },
        platform,
      )
    if (extension === '.ps1') {
      return checked(
        {
          file: 'powershell.exe',
          args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', file, ...args],
          windowsVerbatimArguments: false,
          via: 'powershell',
        },
        platform,
      )
    }
    const shell = envValue(platform.env, 'ComSpec', platform.os) || 'cmd.exe'
    return checked(
      {
        file: shell,
        args: ['/d', '/s', '/c', `"${cmdExeLine(file, args)}"`],
        windowsVerbatimArguments: true,
        via: 'cmd',
      },
      platform,
    )
  }
  return checked({ file, args: [...args], windowsVerbatimArguments: false, via: 'direct' }, platform)
}

function swapExtension(file: string, extension: string, platform: InvocationPlatform): string {
  return file.slice(0, file.length - platform.path.extname(file).length) + extension
}

/** Refuses a line Windows would refuse, with the way around it, instead of its bare "command line is too long". */
function checked(invocation: Invocation, platform: InvocationPlatform): Invocation {
  if (platform.os !== 'win32') return invocation
  const isCmd = invocation.via === 'cmd'
  const length = isCmd ? (invocation.args[3] ?? '').length : windowsCommandLine(invocation.file, invocation.args).length
  const limit = isCmd ? CMD_LINE_LIMIT : CREATE_PROCESS_LIMIT - 1
  if (length <= limit) return invocation
  throw new UserError(
    `The command line is too long for Windows (${length} characters; ${isCmd ? 'cmd.exe takes' : 'Windows takes'} at most ${limit}).`,
    'Give Codex a long prompt on stdin instead: codex-shim codex -- exec - < prompt.txt',
  )
}
