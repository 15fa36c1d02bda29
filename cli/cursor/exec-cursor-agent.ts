import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { hostPlatform } from '../platform'
import { cursorAgentInvocation } from './cursor-agent-invocation'
import { cursorChildEnv } from './cursor-child-env'

const execFileAsync = promisify(execFile)

/** A short cursor-agent command (`status`, `--version`) without a shell, hidden, with a deadline; its stdout. */
export async function execCursorAgent(
  binary: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<string> {
  const invocation = await cursorAgentInvocation(binary, args, hostPlatform(env))
  const { stdout } = await execFileAsync(invocation.file, invocation.args, {
    env: cursorChildEnv(env),
    timeout: timeoutMs,
    windowsHide: true,
    windowsVerbatimArguments: invocation.windowsVerbatimArguments,
  })
  return stdout
}
