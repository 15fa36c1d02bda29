import { badRequest } from '../http/bad-request'

/**
 * Responses request fields the adapters either map themselves or knowingly leave out (server-side state,
 * telemetry, options without an upstream equivalent). Anything else is reported as dropped, never lost silently.
 */
const HANDLED_FIELDS = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning',
  'stream',
  'max_output_tokens',
  'temperature',
  'top_p',
  'text',
  'store',
  'include',
  'client_metadata',
  'metadata',
  'prompt_cache_key',
  'service_tier',
  'truncation',
  'user',
  'safety_identifier',
  'stream_options',
  'background',
  'previous_response_id',
])

/** The gateway keeps no conversation state, so a request that refers to stored state cannot be served. */
export function assertStateless(body: Record<string, unknown>): void {
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    throw badRequest('previous_response_id', 'this gateway keeps no conversation state; send the full input instead')
  }
}

export function unhandledFields(body: Record<string, unknown>, upstream: string): string[] {
  return Object.keys(body)
    .filter((key) => !HANDLED_FIELDS.has(key))
    .map((key) => `${key}: no ${upstream} equivalent`)
}
