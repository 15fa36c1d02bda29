import type { DaemonContext } from '../daemon/daemon-context'
import { withLoopbackNoProxy } from '../platform'
import { requireCodexInvocation } from './codex-binary'

/** Ctrl-C and Ctrl-Break reach Codex as well (same console, same process group); it decides what they mean. */
const PASSED_ON_SIGNALS = ['SIGINT', 'SIGBREAK'] as const

/**
 * Runs the Codex CLI attached to this terminal and resolves with its exit code. No shell: the arguments reach Codex
 * exactly as given on every OS (reference/windows.md §4). While it runs we ignore Ctrl-C ourselves, so that Codex,
 * not we, ends the run (and cmd never asks "Terminate batch job (Y/N)?" over its output).
 */
export async function runCodexAttached(args: readonly string[], context: DaemonContext): Promise<number> {
  const { platform } = context
  const invocation = await requireCodexInvocation(args, platform)
  const ignore = () => undefined
  for (const name of PASSED_ON_SIGNALS) process.on(name, ignore)
  try {
    const child = platform.spawn(invocation.file, invocation.args, {
      stdio: 'inherit',
      env: withLoopbackNoProxy(context.env, platform.os),
      windowsVerbatimArguments: invocation.windowsVerbatimArguments,
    })
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
    })
  } finally {
    for (const name of PASSED_ON_SIGNALS) process.off(name, ignore)
  }
}
