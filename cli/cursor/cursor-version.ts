import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { cursorChildEnv } from './cursor-child-env'

const execFileAsync = promisify(execFile)

/** `cursor-agent --version`'s first line, or undefined when it does not answer in a few seconds. */
export async function cursorAgentVersion(binary: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(binary, ['--version'], { env: cursorChildEnv(env), timeout: 5_000, windowsHide: true })
    return stdout.trim().split('\n')[0]?.trim() || undefined
  } catch {
    // An old build without --version, or one that hangs: the status says "unknown".
    return undefined
  }
}
