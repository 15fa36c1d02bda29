import { describe, expect, test } from 'vitest'
import fixture from '../../../../shared/fixtures/cursor-stream/sleep-shell-read.ndjson?raw'
import request1 from '../../../../shared/fixtures/codex-0.169/request-1.json'
import { createResponsesStreamWriter } from '../../../worker/canonical/responses-stream-writer'
import type { ResponsesStreamEvent } from '../../../worker/protocol/responses-stream-events'
import { cursorTurnFrom } from '../../../worker/upstreams/cursor/cursor-input'
import { createCursorTranslator } from '../../../worker/upstreams/cursor/cursor-stream'
import { createNdjsonDecoder } from '../../../worker/upstreams/cursor/ndjson-lines'
import { describeToolActivity } from '../../../worker/upstreams/cursor/tool-activity'

const FINAL_TEXT = '`marker.txt` now contains `initial` and `done-after-sleep`.'
const WORKDIR = '{{WORKDIR}}'
const exitLine = (code = 0, stderr = '') =>
  `${JSON.stringify({ type: 'codex_shim_exit', code, signal: null, stderr })}\n`

function replay(text: string, chunkSize = Infinity) {
  const events: ResponsesStreamEvent[] = []
  const writer = createResponsesStreamWriter({
    model: 'composer-2-5',
    emit: (event) => events.push(structuredClone(event)),
  })
  writer.start()
  const translator = createCursorTranslator(writer, { model: 'composer-2.5', workspace: WORKDIR })
  const decoder = createNdjsonDecoder(translator.onLine, () => undefined)
  const bytes = new TextEncoder().encode(text)
  for (let offset = 0; offset < bytes.length; offset += Math.min(chunkSize, bytes.length))
    decoder.push(bytes.subarray(offset, offset + chunkSize))
  decoder.end()
  translator.onEnd()
  return {
    events,
    response: writer.finalResponse() as unknown as {
      status: string
      output: { type: string; content?: { text: string }[]; summary?: { text: string }[] }[]
      usage: Record<string, unknown>
      error: { code: string; message: string } | null
    },
  }
}

describe('a real Composer stream', () => {
  test.each([{ size: Infinity }, { size: 1 }, { size: 7 }])(
    'gives the exact answer once, reasoning with Cursor’s tool activity, and usage ($size-byte chunks)',
    ({ size }) => {
      const { events, response } = replay(fixture + exitLine(), size)
      expect(response.status).toBe('completed')
      const message = response.output.find((item) => item.type === 'message')
      expect(message?.content?.[0]?.text).toBe(FINAL_TEXT)
      const deltas = events
        .filter((event) => event.type === 'response.output_text.delta')
        .map((event) => (event as unknown as { delta: string }).delta)
        .join('')
      expect(deltas).toBe(FINAL_TEXT)
      const reasoning = response.output
        .filter((item) => item.type === 'reasoning')
        .map((item) => item.summary?.[0]?.text ?? '')
        .join('\n')
      expect(reasoning).toContain('Running sleep 1, appending done-after-sleep to marker.txt, and reading the file.')
      expect(reasoning).toContain("ran `sleep 1 && echo 'done-after-sleep' >> {{WORKDIR}}/marker.txt` (exit 0)")
      expect(reasoning).toContain('read marker.txt')
      expect(response.output.some((item) => item.type === 'function_call' || item.type === 'custom_tool_call')).toBe(
        false,
      )
      expect(response.usage).toMatchObject({
        input_tokens: 17803 + 43770,
        output_tokens: 326,
        total_tokens: 17803 + 43770 + 326,
        input_tokens_details: { cached_tokens: 43770 },
      })
    },
  )

  test("a usage limit ends the run with a code Codex does not retry (a retry cannot lift a monthly limit), and Cursor's words", () => {
    const cut = fixture
      .split('\n')
      .filter((line) => !line.includes('"type":"result"'))
      .join('\n')
    const { response } = replay(`${cut}\n${exitLine(1, 'Error: You have hit your usage limit for this month.')}`)
    expect(response.status).toBe('failed')
    expect(response.error).toMatchObject({ code: 'invalid_prompt', message: expect.stringContaining('usage limit') })
    expect(response.output.some((item) => item.type === 'message')).toBe(false)
  })

  test('only a crash is left for Codex to retry', () => {
    expect(replay(exitLine(139, 'Segmentation fault')).response.error?.code).toBe('server_error')
    expect(
      replay(exitLine(1, "Error: Authentication required. Please run 'agent login' first.")).response.error?.code,
    ).toBe('invalid_prompt')
  })

  test.each([
    ["Error: Authentication required. Please run 'agent login' first.", 'cursor-agent login'],
    [
      'Cannot use this model: composer-9. Available models: auto, composer-2.5, composer-2.5-fast',
      'Available: auto, composer-2.5',
    ],
    ['⚠ Workspace Trust Required', 'trust'],
    ['Segmentation fault', 'exited with 1'],
  ])('stderr %j is explained', (stderr, explanation) => {
    const { response } = replay(exitLine(1, stderr))
    expect(response.status).toBe('failed')
    expect(response.error?.message).toContain(explanation)
  })
})

describe('what Cursor is asked to do', () => {
  const headers = (sandbox: string) =>
    new Headers({
      'session-id': 'thread-1',
      'x-codex-turn-metadata': JSON.stringify({ turn_id: 't', sandbox_mode: sandbox }),
    })

  test('works in Codex’s cwd; workspace-write lets Cursor run its tools; only the prompt goes to a new chat', () => {
    const turn = cursorTurnFrom(request1 as Record<string, unknown>, headers('workspace-write'), 'composer-2.5')
    expect(turn).toMatchObject({
      workspace: '/home/dev/project',
      mode: 'agent',
      thread: 'thread-1',
      model: 'composer-2.5',
    })
    expect(turn.transcript).toBe(turn.input)
    expect(turn.input).not.toContain('environment_context')
  })

  test('a read-only sandbox asks (Cursor reads, never writes), also when only the permissions text says so', () => {
    expect(cursorTurnFrom(request1 as Record<string, unknown>, headers('read-only'), 'composer-2.5').mode).toBe('ask')
    const body = { ...(request1 as Record<string, unknown>) }
    const readOnly = JSON.parse(
      JSON.stringify(body).replace('`sandbox_mode` is `workspace-write`', '`sandbox_mode` is `read-only`'),
    ) as Record<string, unknown>
    expect(cursorTurnFrom(readOnly, new Headers(), 'composer-2.5').mode).toBe('ask')
    expect(cursorTurnFrom(body, new Headers(), 'composer-2.5').mode).toBe('agent')
  })

  test('a later turn sends only the new input, and the conversation for a chat that must start over', () => {
    const base = request1 as { input: unknown[] }
    const later = {
      ...base,
      input: [
        ...base.input,
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Earlier answer.' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'And now the tests.' }] },
      ],
    }
    const turn = cursorTurnFrom(later, headers('workspace-write'), 'composer-2.5')
    expect(turn.input).toBe('And now the tests.')
    expect(turn.transcript).toContain('Earlier answer.')
    expect(turn.transcript.endsWith('And now the tests.')).toBe(true)
  })
})

describe('tool activity lines', () => {
  test.each([
    [
      { editToolCall: { args: { path: '/w/src/a.ts' }, result: { success: { linesAdded: 3, linesRemoved: 1 } } } },
      'edited src/a.ts (+3 −1)',
    ],
    [
      { shellToolCall: { args: { command: 'npm test' }, result: { success: { exitCode: 1 } } } },
      'ran `npm test` (exit 1)',
    ],
    [
      { shellToolCall: { args: { command: 'rm -rf x' }, result: { rejected: { reason: '' } } } },
      'ran `rm -rf x` (not allowed)',
    ],
    [{ readToolCall: { args: { path: '/w/README.md' }, result: { success: {} } } }, 'read README.md'],
  ])('%j', (toolCall, line) => {
    expect(describeToolActivity(toolCall, '/w')).toBe(line)
  })
})
