import { spawn, type ChildProcess } from 'node:child_process'
import type { ServerResponse } from 'node:http'
import type { CursorExitLine, CursorTurnRequest } from '../../shared/cursor-protocol'
import { hostPlatform } from '../platform'
import { cursorAgentInvocation } from './cursor-agent-invocation'
import { cursorChildEnv } from './cursor-child-env'
import { killProcessTree } from './kill-process-tree'

export interface CursorRunOptions {
  binary: string
  /** The directory checked by the caller; cursor-agent runs in it and is given it as its workspace. */
  workspace: string
  /** A Cursor chat to continue (`--resume`), or none for a new chat. */
  resume?: string
  env: NodeJS.ProcessEnv
  turnTimeoutMs: number
  idleTimeoutMs: number
  /** Told the chat id from `system/init`, so the next turn of the thread can resume it. */
  onSession: (chatId: string) => void
  /**
   * For a resumed chat: answer nothing until cursor-agent has started the chat (`system/init`), so a chat Cursor
   * has garbage-collected fails quietly and the caller can start a new one instead.
   */
  isTentative?: boolean
  /** The runs now in progress, so the daemon can end them all when it stops. */
  running?: Set<ChildProcess>
}

/** How a run ended: whether it got as far as starting its chat, and (when it wrote nothing) its exit. */
export interface CursorRunOutcome {
  sawInit: boolean
  /** Set when a tentative run ended before `system/init`: nothing was written to the response. */
  quietExit?: CursorExitLine
}

/** cursor-agent sometimes lingers after its `result` (reference/cursor-agent.md §7); it gets this long to exit. */
const AFTER_RESULT_GRACE_MS = 2000
const STDERR_TAIL = 8192

/**
 * Runs one turn: `cursor-agent -p --output-format stream-json --stream-partial-output --trust --workspace <dir>
 * --model <id>` with `--mode ask` (read-only) or `--force` (Cursor runs its tools), the prompt on stdin (never in
 * argv: stdin is ignored when a positional prompt exists, and Windows caps command lines near 8 KB). Its stdout
 * lines stream to the worker as they come; a last line of ours says how it ended. When the worker goes away
 * (Codex disconnected), on the turn timeout, or when it falls silent, its whole process group is killed.
 */
export async function runCursorTurn(
  request: CursorTurnRequest,
  options: CursorRunOptions,
  res: ServerResponse,
): Promise<CursorRunOutcome> {
  const args = [
    '-p',
    '--output-format',
    'stream-json',
    '--stream-partial-output',
    '--trust',
    '--workspace',
    options.workspace,
    '--model',
    request.model,
  ]
  args.push(...(request.mode === 'ask' ? ['--mode', 'ask'] : ['--force']))
  if (options.resume !== undefined) args.push('--resume', options.resume)
  const invocation = await cursorAgentInvocation(options.binary, args, hostPlatform(options.env))
  const child = spawn(invocation.file, invocation.args, {
    cwd: options.workspace,
    env: cursorChildEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group on POSIX, so its whole tree can be killed; on Windows taskkill /T walks the tree.
    detached: process.platform !== 'win32',
    windowsHide: true,
    windowsVerbatimArguments: invocation.windowsVerbatimArguments,
  })
  options.running?.add(child)
  child.stdin?.end(options.resume === undefined ? request.transcript : request.input)
  child.stdin?.on('error', () => undefined)
  let stderr = ''
  let sawInit = false
  const held: Buffer[] = []
  const startAnswer = () => {
    if (!res.headersSent) res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' })
  }
  if (!options.isTentative) startAnswer()
  let pending = ''
  let reason: CursorExitLine['reason']
  let idle: ReturnType<typeof setTimeout> | undefined
  const stop = (why: CursorExitLine['reason']) => {
    reason ??= why
    killProcessTree(child)
  }
  const turnTimer = setTimeout(() => stop('turn_timeout'), options.turnTimeoutMs)
  const armIdle = () => {
    clearTimeout(idle)
    idle = setTimeout(() => stop('idle_timeout'), options.idleTimeoutMs)
  }
  armIdle()

  child.stdout?.on('data', (chunk: Buffer) => {
    armIdle()
    pending += chunk.toString('utf8')
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) watch(line)
    if (options.isTentative && !sawInit) return void held.push(chunk)
    startAnswer()
    for (const earlier of held.splice(0)) res.write(earlier)
    res.write(chunk)
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)
  })
  // Codex left (the worker's write to it failed, so workerd closed our response): stop Cursor at once.
  res.on('close', () => {
    if (!res.writableFinished) stop(undefined)
  })

  function watch(line: string): void {
    if (!line.startsWith('{')) return
    try {
      const event = JSON.parse(line) as { type?: unknown; subtype?: unknown; session_id?: unknown }
      if (event.type === 'system' && event.subtype === 'init' && typeof event.session_id === 'string') {
        sawInit = true
        options.onSession(event.session_id)
      }
      if (event.type === 'result') setTimeout(() => stop('after_result'), AFTER_RESULT_GRACE_MS).unref()
    } catch {
      // Not JSON: the worker reads the same line and ignores it too.
    }
  }

  return new Promise((resolve) => {
    child.once('error', (error) => {
      stderr += `\n${error.message}`
    })
    child.once('close', (code, signal) => {
      options.running?.delete(child)
      clearTimeout(turnTimer)
      clearTimeout(idle)
      const exit: CursorExitLine = {
        type: 'codex_shim_exit',
        code,
        signal,
        stderr: stderr.trim(),
        ...(reason ? { reason } : {}),
      }
      if (options.isTentative && !sawInit && reason === undefined) return resolve({ sawInit, quietExit: exit })
      startAnswer()
      for (const earlier of held.splice(0)) res.write(earlier)
      if (!res.writableEnded) res.end(`${pending.trim() === '' ? '' : `${pending}\n`}${JSON.stringify(exit)}\n`)
      resolve({ sawInit })
    })
  })
}
