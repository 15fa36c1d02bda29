import { envValue } from './case-aware-env'

export type ShellKind = 'powershell' | 'cmd' | 'posix'

/**
 * The shell the user most likely typed our command in, so hints can be pasted as they are. On Windows: Git Bash and
 * MSYS set MSYSTEM; cmd.exe defines PROMPT for the programs it starts and PowerShell does not; PowerShell is the
 * default of Windows Terminal, so it is the guess otherwise.
 */
export function userShell(env: NodeJS.ProcessEnv, os: NodeJS.Platform): ShellKind {
  if (os !== 'win32') return 'posix'
  if (envValue(env, 'MSYSTEM', os) !== undefined) return 'posix'
  if (envValue(env, 'PROMPT', os) !== undefined) return 'cmd'
  return 'powershell'
}

/** Sets a variable for the current session, in that shell's syntax. */
export function setVariableCommand(name: string, value: string, shell: ShellKind): string {
  if (shell === 'powershell') return `$env:${name}="${value.replace(/[`"$]/g, '`$&')}"`
  if (shell === 'cmd') return `set ${name}=${value}`
  return `export ${name}=${/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`
}

/** Sets it for the user for good on Windows (new terminals and apps started afterwards see it); undefined elsewhere. */
export function persistVariableCommand(name: string, value: string, os: NodeJS.Platform): string | undefined {
  return os === 'win32' ? `setx ${name} "${value}"` : undefined
}
