import type { ChildProcess } from 'node:child_process'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isCursorTurnRequest } from '../../shared/cursor-protocol'
import type { createCursorStatusCache } from './cursor-status'
import type { createCursorSessions } from './cursor-sessions'
import { chooseCursorWorkspace } from './cursor-workspace'
import { runCursorTurn } from './run-cursor-turn'

export interface CursorHostOptions {
  env: NodeJS.ProcessEnv
  status: ReturnType<typeof createCursorStatusCache>
  sessions: ReturnType<typeof createCursorSessions>
  log: (line: string) => void
  turnTimeoutMs?: number
  idleTimeoutMs?: number
  /** The runs in progress (see runCursorTurn). */
  running?: Set<ChildProcess>
}

/** A turn's request body is a prompt, not a file upload. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024
const DEFAULT_TURN_TIMEOUT_MS = 30 * 60_000
const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000

/** Answers the refusals the worker maps for Codex: `{ code, message }` with a status that says which kind. */
function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  const text = JSON.stringify({ code, message })
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/**
 * HOST's POST /cursor/turn: checks that Composer can run (cursor-agent installed and logged in, a usable
 * workspace), then runs the turn, resuming the thread's Cursor chat when there is one. A chat Cursor no longer
 * has is replaced by a new one seeded with the conversation.
 */
export function createCursorHost(options: CursorHostOptions) {
  return async function cursorTurn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    let request: unknown
    try {
      request = JSON.parse(body)
    } catch {
      return refuse(res, 400, 'bad_request', 'The turn request is not JSON.')
    }
    if (!isCursorTurnRequest(request)) return refuse(res, 400, 'bad_request', 'The turn request is incomplete.')
    // The last known status, or a fresh probe when it says no (the user may just have logged in).
    const known = options.status.peek()
    const status = known.state === 'available' ? known : await options.status.refresh()
    const binary = status.binary
    if (status.state !== 'available' || binary === undefined)
      return refuse(res, 409, status.state, stateMessage(status.state))
    const workspace = await chooseCursorWorkspace(request.workspace, options.env)
    if (!workspace.ok) return refuse(res, 400, 'no_workspace', workspace.message)
    const thread = request.thread
    const run = async () => {
      const resume = thread === undefined ? undefined : await options.sessions.chatFor(thread)
      const common = {
        binary,
        workspace: workspace.path,
        env: options.env,
        turnTimeoutMs: options.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS,
        idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
        running: options.running,
        onSession: (chatId: string) => {
          if (thread !== undefined) void options.sessions.remember(thread, chatId)
        },
      }
      const first = await runCursorTurn(request, { ...common, resume, isTentative: resume !== undefined }, res)
      if (first.quietExit === undefined || res.destroyed) return
      // The chat could not be resumed (Cursor garbage-collects old chats): a new one, seeded with the conversation.
      options.log(
        `[cursor] could not resume chat ${resume ?? '?'} (exit ${first.quietExit.code ?? first.quietExit.signal}); starting a new chat`,
      )
      if (thread !== undefined) await options.sessions.forget(thread)
      await runCursorTurn(request, { ...common, resume: undefined }, res)
    }
    await (thread === undefined ? run() : options.sessions.oneAtATime(thread, run))
  }
}

function stateMessage(state: string): string {
  if (state === 'logged_out')
    return 'Cursor is not logged in on this machine. Run `cursor-agent login`, then try again.'
  if (state === 'not_installed')
    return 'cursor-agent is not installed (or not on PATH). Install it from https://cursor.com/cli, or set CURSOR_AGENT_BIN.'
  return 'Composer is switched off (CODEX_SHIM_DISABLE_CURSOR).'
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of req) {
    total += (chunk as Buffer).byteLength
    if (total > MAX_REQUEST_BYTES) break
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
