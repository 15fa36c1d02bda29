import { execCursorAgent } from './exec-cursor-agent'

/** `cursor-agent --version`'s first line, or undefined when it does not answer in a few seconds. */
export async function cursorAgentVersion(binary: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const stdout = await execCursorAgent(binary, ['--version'], env, 5_000)
    return stdout.trim().split('\n')[0]?.trim() || undefined
  } catch {
    // An old build without --version, or one that hangs: the status says "unknown".
    return undefined
  }
}
