import type { CursorExitLine } from '../../../shared/cursor-protocol'
import type { FailureCode } from '../../canonical/responses-stream-writer'

/** What went wrong in a Cursor run, decided from its exit and stderr (reference/cursor-agent.md §3, §7). */
export type CursorFailure =
  | { kind: 'logged_out'; message: string }
  | { kind: 'usage_limit'; message: string }
  | { kind: 'unknown_model'; message: string }
  | { kind: 'workspace_trust'; message: string }
  | { kind: 'timed_out'; message: string }
  | { kind: 'crashed'; message: string }

export function classifyCursorExit(exit: CursorExitLine, model: string): CursorFailure {
  const stderr = exit.stderr
  if (exit.reason === 'turn_timeout') return { kind: 'timed_out', message: 'Cursor did not finish the turn in time.' }
  if (exit.reason === 'idle_timeout')
    return { kind: 'timed_out', message: 'Cursor stopped sending anything and was stopped.' }
  if (/authentication required|not logged in|please run .?(cursor-)?agent login/i.test(stderr)) {
    return {
      kind: 'logged_out',
      message: 'Cursor is not logged in on this machine: run `cursor-agent login`, then try again.',
    }
  }
  // Phrases, not digits: token counts in a successful run can contain 429 (reference/cursor-agent.md §7).
  if (/usage limit|hit your .*limit|get cursor pro|spend limit/i.test(stderr))
    return { kind: 'usage_limit', message: `Cursor: ${firstLine(stderr)}` }
  const models = /Cannot use this model: [^.]*\.\s*Available models:\s*(.*)/i.exec(stderr)
  if (models)
    return {
      kind: 'unknown_model',
      message: `Cursor cannot use the model "${model}". Available: ${models[1]?.slice(0, 400) ?? ''}`,
    }
  if (/workspace trust required/i.test(stderr))
    return {
      kind: 'workspace_trust',
      message:
        'Cursor wants the workspace trusted before it runs there; run `cursor-agent` in that folder once and trust it.',
    }
  const detail = firstLine(stderr)
  const how = exit.signal !== null ? `was stopped (${exit.signal})` : `exited with ${exit.code ?? '?'}`
  return { kind: 'crashed', message: `cursor-agent ${how} before finishing${detail ? `: ${detail}` : '.'}` }
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').trim().slice(0, 300)
}

/**
 * The `response.failed` code Codex gets. Codex retries every code but a few (reference/codex-client.md §5), and
 * re-running Cursor cannot log it in, lift a monthly usage limit, trust a folder or add a model, and a turn that
 * ran for half an hour should not run five more times: those get `invalid_prompt`, which stops Codex and shows
 * our message. Only a crash may be a blip worth another try.
 */
export function streamCodeOf(failure: CursorFailure): FailureCode {
  return failure.kind === 'crashed' ? 'server_error' : 'invalid_prompt'
}

/** The HTTP status for a client that did not stream, where a status says it all. */
export function httpStatusOf(failure: CursorFailure): number {
  switch (failure.kind) {
    case 'logged_out':
      return 401
    case 'usage_limit':
      return 429
    case 'unknown_model':
    case 'workspace_trust':
      return 400
    case 'timed_out':
      return 504
    case 'crashed':
      return 502
  }
}
