import { HOST_CURSOR_TURN_PATH, type CursorModel, type CursorTurnRequest } from '../../../shared/cursor-protocol'
import { HOST_ORIGIN, HOST_SECRET_HEADER } from '../../../shared/host-protocol'
import type { CursorConfig } from '../../../shared/settings'
import { createResponsesStreamWriter, type ResponsesStreamWriter } from '../../canonical/responses-stream-writer'
import type { Bindings } from '../../env'
import { GatewayError } from '../../http/gateway-error'
import { jsonResponse } from '../../http/json-response'
import type { RequestSummary } from '../../http/request-summary'
import { encodeResponsesEvent, SSE_HEADERS } from '../../protocol/encode-sse'
import { awaitKeepingAlive, createClientStream, type ClientStream } from '../client-stream'
import type { ServeOptions } from '../serve-options'
import { sleep } from '../sleep'
import { watchStream } from '../stream-watchdog'
import { httpStatusOf, type CursorFailure } from './cursor-failure'
import { cursorTurnFrom } from './cursor-input'
import { createCursorTranslator } from './cursor-stream'
import { createNdjsonDecoder, MAX_LINE_BYTES } from './ndjson-lines'

export interface CursorServeInput {
  env: Bindings
  headers: Headers
  body: Record<string, unknown>
  model: CursorModel
  mode: CursorConfig['mode']
  options: ServeOptions
}

/** The daemon's answer to a turn: cursor-agent's lines streaming, a refusal it explained, or no answer at all. */
type HostOutcome =
  | { kind: 'answered'; response: Response }
  | { kind: 'refused'; status: number; code: string; message: string }
  | { kind: 'failed' }

/**
 * Serves one Codex turn with Cursor's Composer: the daemon runs cursor-agent for it (cli/cursor/cursor-host.ts)
 * and streams its stream-json lines back through HOST; they become the Responses stream here. The daemon's
 * refusals (logged out, no usable workspace) that come within the header grace become HTTP statuses; a client
 * that goes away aborts the HOST call, which makes the daemon kill cursor-agent.
 */
export async function serveCursorTurn(input: CursorServeInput): Promise<Response> {
  const host = input.env.HOST
  const slug = input.model.slug
  if (host === undefined)
    throw new GatewayError(
      400,
      'not_available_when_deployed',
      `${slug} runs cursor-agent on the user's own machine; a shared deployment cannot.`,
    )
  const turn = cursorTurnFrom(input.body, input.headers, input.model.id, input.mode)
  if (turn.input.trim() === '')
    throw new GatewayError(400, 'invalid_request', `${slug}: the request has no user message for Cursor to answer.`)
  const controller = new AbortController()
  const settled = startHostTurn(host, input.env, turn, controller.signal)
  if (input.body.stream !== true) return answerWhole(settled, turn, slug)

  const early = await Promise.race([settled, sleep(input.options.headerGraceMs)])
  if (early !== undefined && early.kind !== 'answered') throw hostFailureError(early, slug)
  input.options.summary.isDeferred = true
  const { readable, writable } = new IdentityTransformStream()
  input.options.waitUntil(
    pumpCursorTurn({ settled, controller, out: writable.getWriter(), slug, turn, summary: input.options.summary }),
  )
  return new Response(readable, { headers: SSE_HEADERS })
}

function startHostTurn(
  host: Fetcher,
  env: Bindings,
  turn: CursorTurnRequest,
  signal: AbortSignal,
): Promise<HostOutcome> {
  return host
    .fetch(`${HOST_ORIGIN}${HOST_CURSOR_TURN_PATH}`, {
      method: 'POST',
      headers: { [HOST_SECRET_HEADER]: env.CODEX_SHIM_HOST_SECRET ?? '', 'content-type': 'application/json' },
      body: JSON.stringify(turn),
      signal,
    })
    .then(
      async (response): Promise<HostOutcome> => {
        if (response.ok) return { kind: 'answered', response }
        const refusal = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown }
        return {
          kind: 'refused',
          status: response.status,
          code: typeof refusal.code === 'string' ? refusal.code : 'refused',
          message:
            typeof refusal.message === 'string'
              ? refusal.message
              : `the daemon refused the turn (HTTP ${response.status})`,
        }
      },
      (): HostOutcome => ({ kind: 'failed' }),
    )
}

/** A refusal no retry fixes is a 400 (or 401 for a login Cursor needs), so Codex shows it instead of retrying. */
function hostFailureError(outcome: Exclude<HostOutcome, { kind: 'answered' }>, slug: string): GatewayError {
  if (outcome.kind === 'failed')
    return new GatewayError(
      502,
      'host_unavailable',
      `${slug}: the daemon did not answer; see its log (codex-shim status).`,
    )
  if (outcome.code === 'logged_out') return new GatewayError(401, 'cursor_login_required', outcome.message)
  return new GatewayError(400, `cursor_${outcome.code}`, outcome.message)
}

interface PumpInput {
  settled: Promise<HostOutcome>
  controller: AbortController
  out: WritableStreamDefaultWriter<Uint8Array>
  slug: string
  turn: CursorTurnRequest
  summary: RequestSummary
}

/** Streams the run to Codex, keeping it alive while Cursor thinks; exactly one terminal event on every path. */
async function pumpCursorTurn(input: PumpInput): Promise<void> {
  const pending: string[] = []
  const client = createClientStream(input.out, { onGone: () => input.controller.abort() })
  const writer = createResponsesStreamWriter({
    model: input.slug,
    emit: (event) => pending.push(encodeResponsesEvent(event)),
  })
  let failure: CursorFailure | undefined
  const flush = async (): Promise<boolean> => {
    if (pending.length === 0) return !client.isGone()
    const text = pending.join('')
    pending.length = 0
    return client.sendText(text)
  }
  try {
    writer.start()
    if (!(await flush())) return
    const waited = await awaitKeepingAlive(input.settled, client)
    if (waited === undefined) return
    const outcome = waited.value
    if (outcome.kind !== 'answered') {
      const error = hostFailureError(outcome, input.slug)
      return writer.fail(error.status >= 500 ? 'server_error' : 'invalid_prompt', error.message)
    }
    const translator = createCursorTranslator(writer, {
      model: input.turn.model,
      workspace: input.turn.workspace,
      onFailure: (found) => (failure = found),
    })
    await relayLines(outcome.response, translator, writer, client, flush, input.controller)
  } catch (error) {
    console.error('[cursor] translation failed:', error)
    writer.fail('server_error', "The gateway failed while translating Cursor's output; see its log.")
  } finally {
    if (!writer.isFinished() && !client.isGone())
      writer.fail('server_error', `${input.slug}: Cursor's output ended unexpectedly.`)
    await flush()
    await client.close()
    finishSummary(input.summary, writer, client, failure)
  }
}

async function relayLines(
  response: Response,
  translator: ReturnType<typeof createCursorTranslator>,
  writer: ResponsesStreamWriter,
  client: ClientStream,
  flush: () => Promise<boolean>,
  controller: AbortController,
): Promise<void> {
  let isOverflowed = false
  const decoder = createNdjsonDecoder(translator.onLine, () => (isOverflowed = true))
  const reader = response.body?.getReader()
  if (reader === undefined) return translator.onEnd()
  // Keepalives while Cursor thinks; its silences are the daemon's to time (its idle watchdog ends the run).
  const watchdog = watchStream(client, { idleMs: Number.POSITIVE_INFINITY, onIdle: () => undefined })
  try {
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>
      try {
        read = await reader.read()
      } catch {
        // Aborted because the client left, or the daemon's answer broke off (the translator reports that below).
        break
      }
      if (client.isGone()) return abandon(reader, controller)
      if (read.done) break
      decoder.push(read.value)
      if (isOverflowed) {
        await abandon(reader, controller)
        return writer.fail(
          'server_error',
          `Cursor sent one line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB; the run was stopped.`,
        )
      }
      if (!(await flush())) return abandon(reader, controller)
    }
  } finally {
    watchdog.stop()
  }
  if (client.isGone()) return
  decoder.end()
  translator.onEnd()
}

/** Stops reading and aborts the HOST call, which closes the daemon's response and so kills cursor-agent. */
async function abandon(reader: ReadableStreamDefaultReader<Uint8Array>, controller: AbortController): Promise<void> {
  controller.abort()
  await reader.cancel().catch(() => undefined) // already aborted: nothing more to release
}

/** A client that did not stream gets the whole response, or the failure as the HTTP status that says it. */
async function answerWhole(settled: Promise<HostOutcome>, turn: CursorTurnRequest, slug: string): Promise<Response> {
  const outcome = await settled
  if (outcome.kind !== 'answered') throw hostFailureError(outcome, slug)
  const writer = createResponsesStreamWriter({ model: slug, emit: () => undefined })
  let failure: CursorFailure | undefined
  const translator = createCursorTranslator(writer, {
    model: turn.model,
    workspace: turn.workspace,
    onFailure: (found) => (failure = found),
  })
  const decoder = createNdjsonDecoder(translator.onLine, () => undefined)
  writer.start()
  const body = outcome.response.body
  if (body !== null) for await (const chunk of body) decoder.push(chunk)
  decoder.end()
  translator.onEnd()
  if (failure !== undefined) throw new GatewayError(httpStatusOf(failure), `cursor_${failure.kind}`, failure.message)
  return jsonResponse(writer.finalResponse())
}

function finishSummary(
  summary: RequestSummary,
  writer: ResponsesStreamWriter,
  client: ClientStream,
  failure: CursorFailure | undefined,
): void {
  const final = writer.finalResponse()
  const error = final.error as { code?: string } | null
  const failureCode = client.isGone()
    ? 'client_disconnected'
    : failure !== undefined
      ? `cursor_${failure.kind}`
      : error?.code
  summary.finish({ status: 200, bytes: client.bytesOut(), failureCode, usage: final.usage })
}
