import { beforeEach, describe, expect, test } from 'vitest'
import {
  activitySnapshot,
  recordActivity,
  resetActivityForTests,
  RECENT_LIMIT,
} from '../../../worker/activity/activity-log'
import type { FinishedRequest } from '../../../worker/http/request-summary'
import { callGateway } from '../helpers/gateway'
import { signIn } from './picker-kit'

beforeEach(() => resetActivityForTests())

function finished(overrides: Partial<FinishedRequest> & { slug?: string } = {}): FinishedRequest {
  const { slug = 'alpha', ...rest } = overrides
  return {
    method: 'POST',
    path: '/v1/responses',
    summary: { slug, route: 'openai-chat' },
    outcome: {
      status: 200,
      usage: { input_tokens: 120, output_tokens: 30, input_tokens_details: { cached_tokens: 100 } },
    },
    startedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
    headMs: 12,
    totalMs: 340,
    ...rest,
  }
}

describe('the live panel’s record', () => {
  test('keeps a model request as the log line saw it: time, slug, route, status, TTFB, duration, tokens', () => {
    recordActivity(finished())
    expect(activitySnapshot().recent).toEqual([
      {
        seq: 1,
        at: '2026-01-02T03:04:05.340Z',
        endpoint: '/v1/responses',
        slug: 'alpha',
        route: 'openai-chat',
        status: 200,
        isFailed: false,
        ttfbMs: 12,
        durationMs: 340,
        tokens: { input: 120, output: 30, cached: 100 },
      },
    ])
  })

  test('a stream that ended in response.failed counts as failed, with its code', () => {
    recordActivity(finished({ outcome: { status: 200, failureCode: 'context_length_exceeded' } }))
    expect(activitySnapshot().recent[0]).toMatchObject({ isFailed: true, errorCode: 'context_length_exceeded' })
    expect(activitySnapshot().totals.alpha).toMatchObject({
      failures: 1,
      last: { isFailed: true, errorCode: 'context_length_exceeded' },
    })
  })

  test.each([
    ['GET', '/v1/models'],
    ['GET', '/health'],
    ['GET', '/api/activity'],
    ['POST', '/api/switch'],
    ['GET', '/picker'],
  ])('does not count %s %s', (method, path) => {
    recordActivity(finished({ method, path }))
    expect(activitySnapshot().latestSeq).toBe(0)
  })

  test(`keeps the last ${RECENT_LIMIT} requests and totals for all of them`, () => {
    for (let i = 0; i < RECENT_LIMIT + 20; i++) recordActivity(finished({ slug: i % 2 === 0 ? 'alpha' : 'beta' }))
    const snapshot = activitySnapshot()
    expect(snapshot.recent).toHaveLength(RECENT_LIMIT)
    expect(snapshot.recent[0]?.seq).toBe(21)
    expect(snapshot.latestSeq).toBe(RECENT_LIMIT + 20)
    expect(snapshot.totals.alpha).toMatchObject({
      requests: 60,
      inputTokens: 7200,
      outputTokens: 1800,
      cachedTokens: 6000,
      failures: 0,
    })
    expect(activitySnapshot(110).recent.map((entry) => entry.seq)).toEqual([
      111, 112, 113, 114, 115, 116, 117, 118, 119, 120,
    ])
  })

  test('a model request through the app lands in /api/activity, without prompt text', async () => {
    const prompt = 'a prompt that must never reach the panel'
    await callGateway('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'no-such-model', input: prompt }),
    })
    const cookie = await signIn()
    const response = await callGateway('/api/activity', { token: null, headers: { cookie } })
    const text = await response.text()
    expect(text).not.toContain(prompt)
    const body = JSON.parse(text) as {
      recent: { endpoint: string; status: number; is_failed: boolean; error_code: string }[]
    }
    expect(body.recent).toEqual([
      expect.objectContaining({
        endpoint: '/v1/responses',
        status: 404,
        is_failed: true,
        error_code: 'model_not_found',
      }),
    ])
  })
})

describe('GET /api/activity/events', () => {
  test('is an event stream that starts with the retry delay and the current activity, with its seq as the event id', async () => {
    recordActivity(finished())
    const cookie = await signIn()
    const response = await callGateway('/api/activity/events?after=0', { token: null, headers: { cookie } })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    await reader.cancel()
    expect(first).toMatch(/^retry: \d+\n\nevent: activity\nid: 1\ndata: \{/)
    const data = JSON.parse(/data: (.*)\n/.exec(first)?.[1] ?? '{}') as { recent: { seq: number; tokens: unknown }[] }
    expect(data.recent).toEqual([expect.objectContaining({ seq: 1, tokens: { input: 120, output: 30, cached: 100 } })])
  })

  test('sends only what is newer than Last-Event-ID', async () => {
    recordActivity(finished())
    recordActivity(finished())
    const cookie = await signIn()
    const response = await callGateway('/api/activity/events', {
      token: null,
      headers: { cookie, 'last-event-id': '1' },
    })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    await reader.cancel()
    const data = JSON.parse(/data: (.*)\n/.exec(first)?.[1] ?? '{}') as { recent: { seq: number }[] }
    expect(data.recent.map((entry) => entry.seq)).toEqual([2])
  })
})

test('after a gateway restart (an id beyond ours) the stream sends everything it has, with the new `since`', async () => {
  recordActivity(finished())
  const cookie = await signIn()
  const response = await callGateway('/api/activity/events', {
    token: null,
    headers: { cookie, 'last-event-id': '57' },
  })
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const first = new TextDecoder().decode((await reader.read()).value)
  await reader.cancel()
  const data = JSON.parse(/data: (.*)\n/.exec(first)?.[1] ?? '{}') as { since: string; recent: { seq: number }[] }
  expect(data.recent.map((entry) => entry.seq)).toEqual([1])
  expect(data.since).toBe(activitySnapshot().since)
})
