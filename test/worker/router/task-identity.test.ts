import { describe, expect, test } from 'vitest'
import { taskIdentity } from '../../../worker/router/task-identity'
import { taskSignal } from '../../../shared/router/task-signal'

const user = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] })
const call = { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{}' }
const output = { type: 'function_call_output', call_id: 'c1', output: 'ok' }
const codexHeaders = (turn: string) =>
  new Headers({
    'session-id': 'thread-1',
    'x-codex-turn-metadata': JSON.stringify({ turn_id: turn, session_id: 'thread-1' }),
  })

describe('taskIdentity', () => {
  test('Codex: one turn is one task, tool round trips included; the next turn is another', () => {
    const first = taskIdentity(codexHeaders('t1'), { input: [user('fix the bug')] })
    expect(taskIdentity(codexHeaders('t1'), { input: [user('fix the bug'), call, output] })).toBe(first)
    expect(
      taskIdentity(codexHeaders('t2'), { input: [user('fix the bug'), call, output, user('now the tests')] }),
    ).not.toBe(first)
  })

  test('Codex without the header: prompt_cache_key and client_metadata.turn_id', () => {
    const body = (turn: string) => ({
      prompt_cache_key: 'thread-9',
      client_metadata: { turn_id: turn },
      input: [user('x')],
    })
    expect(taskIdentity(new Headers(), body('a'))).toBe(
      taskIdentity(new Headers(), { ...body('a'), input: [user('x'), call, output] }),
    )
    expect(taskIdentity(new Headers(), body('a'))).not.toBe(taskIdentity(new Headers(), body('b')))
  })

  test('other clients: tool outputs never start a new task, a new user message always does', () => {
    const start = taskIdentity(new Headers(), { input: [user('fix it')] })
    expect(taskIdentity(new Headers(), { input: [user('fix it'), call, output] })).toBe(start)
    expect(taskIdentity(new Headers(), { input: [user('fix it'), call, output, user('fix it')] })).not.toBe(start)
  })

  test('never the last user text alone: the same words in two conversations are two tasks', () => {
    expect(taskIdentity(new Headers(), { input: [user('in repo A'), user('fix it')] })).not.toBe(
      taskIdentity(new Headers(), { input: [user('in repo B'), user('fix it')] }),
    )
  })
})

describe('taskSignal', () => {
  test('the latest user text, images, tools and size; long text keeps its head and tail', () => {
    const long = `${'a'.repeat(4000)}MIDDLE${'z'.repeat(4000)}`
    const signal = taskSignal(
      {
        input: [
          user('older'),
          {
            type: 'message',
            role: 'user',
            content: [
              { type: 'input_image', image_url: 'data:' },
              { type: 'input_text', text: long },
            ],
          },
        ],
        tools: [{}, {}],
      },
      40_000,
    )
    expect(signal.hasImages).toBe(true)
    expect(signal.toolCount).toBe(2)
    expect(signal.estimatedTokens).toBe(10_000)
    expect(signal.text.startsWith('a'.repeat(3000))).toBe(true)
    expect(signal.text.endsWith('z'.repeat(3000))).toBe(true)
    expect(signal.text).not.toContain('MIDDLE')
  })
})
