import { spawn } from 'node:child_process'
import { CLI } from './cli-runner'

/**
 * Runs the built CLI under a pseudo-terminal (util-linux `script`), so stdin, stdout and stderr are TTYs as for
 * a person; `answer` is typed once the output contains `answerAfter`. Resolves with everything the terminal showed.
 */
export function runInTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  typing?: { answerAfter: string; answer: string },
): Promise<string> {
  const command = [process.execPath, CLI, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ')
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { ...env, TERM: 'xterm' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  let isAnswered = false
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    if (typing !== undefined && !isAnswered && output.includes(typing.answerAfter)) {
      isAnswered = true
      child.stdin.write(typing.answer)
    }
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  return new Promise((resolve) =>
    child.once('close', () => {
      clearTimeout(timer)
      resolve(output)
    }),
  )
}
