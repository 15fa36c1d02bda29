import { describe, expect, test } from 'vitest'
import { failureToGatewayError, failureToStreamError } from '../../worker/upstreams/failure-to-client'
import { redactSecrets, secretsOfModel } from '../../worker/upstreams/redact-secrets'
import { classifyHttpFailure, classifyStreamError } from '../../worker/upstreams/upstream-failure'
import { upstreamMessage } from '../../worker/upstreams/upstream-message'
import { callGateway, model } from './helpers/gateway'

const body = (message: string, type = 'invalid_request_error') =>
  JSON.stringify({ error: { message, type, code: type } })
const noHeaders = new Headers()

describe('an upstream HTTP error becomes the status Codex acts on', () => {
  test.each([
    [400, body('bad field'), 400, 'upstream_rejected', 'slug: the upstream rejected the request (400): bad field'],
    [
      401,
      body('Incorrect API key provided'),
      400,
      'upstream_rejected',
      'slug: the upstream rejected the API key (401): Incorrect API key provided',
    ],
    [
      402,
      body('Insufficient Balance'),
      400,
      'upstream_rejected',
      'slug: the upstream has no quota left for this key (402): Insufficient Balance',
    ],
    [403, body('no access'), 400, 'upstream_rejected', 'slug: the upstream refused access (403): no access'],
    [
      404,
      body('model not found'),
      400,
      'upstream_rejected',
      'slug: the upstream does not know this model or endpoint (404): model not found',
    ],
    [
      413,
      body('Request exceeds the maximum allowed number of bytes'),
      400,
      'upstream_rejected',
      'slug: the upstream refused a request this large (413): Request exceeds the maximum allowed number of bytes',
    ],
    [
      422,
      body('messages: field required'),
      400,
      'upstream_rejected',
      'slug: the upstream rejected the request (422): messages: field required',
    ],
    [
      429,
      body('You exceeded your current quota', 'insufficient_quota'),
      400,
      'upstream_rejected',
      'slug: the upstream has no quota left for this key (429): You exceeded your current quota',
    ],
    [
      429,
      body('slow down', 'rate_limit_error'),
      429,
      'rate_limit_exceeded',
      'slug: the upstream is rate limiting: slow down',
    ],
    [408, body('request timeout'), 502, 'upstream_error', 'slug: the upstream failed (408): request timeout'],
    [409, body('conflict, try again'), 502, 'upstream_error', 'slug: the upstream failed (409): conflict, try again'],
    [500, body('boom', 'server_error'), 502, 'upstream_error', 'slug: the upstream failed (500): boom'],
    [
      529,
      JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
      502,
      'upstream_error',
      'slug: the upstream failed (529): Overloaded',
    ],
    [
      400,
      body("This model's maximum context length is 8192 tokens"),
      400,
      'context_length_exceeded',
      "slug: the conversation is longer than the model's context window: This model's maximum context length is 8192 tokens",
    ],
  ])('%i %s → %i %s', (status, text, httpStatus, code, message) => {
    const error = failureToGatewayError(classifyHttpFailure(status, noHeaders, text, []), 'slug')
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({
      status: httpStatus,
      code,
      message,
    })
  })

  test('429 keeps its retry-after; 429 without one has none', () => {
    expect(
      failureToGatewayError(classifyHttpFailure(429, new Headers({ 'retry-after': '7' }), body('x'), []), 's')
        .retryAfterSeconds,
    ).toBe(7)
    expect(
      failureToGatewayError(classifyHttpFailure(429, noHeaders, body('x'), []), 's').retryAfterSeconds,
    ).toBeUndefined()
  })

  test('after the first byte a rejection is invalid_prompt (fatal in Codex, message shown), an outage server_error (retried)', () => {
    expect(failureToStreamError(classifyHttpFailure(401, noHeaders, body('bad key'), []), 'slug')).toEqual({
      code: 'invalid_prompt',
      message: 'slug: the upstream rejected the API key (401): bad key',
    })
    expect(failureToStreamError(classifyHttpFailure(503, noHeaders, body('loading'), []), 'slug').code).toBe(
      'server_error',
    )
    expect(
      failureToStreamError(classifyHttpFailure(429, new Headers({ 'retry-after': '3' }), body('slow'), []), 'slug'),
    ).toMatchObject({ code: 'rate_limit_exceeded', message: expect.stringContaining('try again in 3s') })
  })
})

describe('errors reported inside a stream', () => {
  test.each([
    [{ type: 'authentication_error', message: 'invalid x-api-key' }, 'rejected'],
    [{ type: 'insufficient_quota', message: 'quota' }, 'rejected'],
    [{ type: 'overloaded_error', message: 'Overloaded' }, 'rate_limited'],
    [{ type: 'server_error', message: 'exploded' }, 'unavailable'],
    [{ message: 'prompt is too long: 210000 tokens > 200000 maximum' }, 'context_length_exceeded'],
  ])('%j is %s', (error, kind) => {
    expect(classifyStreamError(error, []).kind).toBe(kind)
  })
})

describe('redaction', () => {
  test('every extra_headers value and the credential of an Authorization header are secrets, with the key', () => {
    const row = model({
      slug: 'azure',
      apiKey: 'sk-model-key-1234',
      extraHeaders: { 'api-key': 'azurekey0123456789', Authorization: 'Bearer tok-in-header-77', 'X-Title': 'My App' },
    })
    expect(secretsOfModel(row)).toEqual([
      'sk-model-key-1234',
      'azurekey0123456789',
      'Bearer tok-in-header-77',
      'tok-in-header-77',
      'My App',
    ])
  })

  test('known values are replaced wherever they appear; key-shaped words too; short values are left alone', () => {
    const text = 'bad key azurekey0123456789, token tok-in-header-77, also sk-abc***wxyz, on'
    expect(redactSecrets(text, ['azurekey0123456789', 'tok-in-header-77', 'on'])).toBe(
      'bad key [redacted], token [redacted], also sk-[redacted], on',
    )
  })

  test('an HTTP failure message is redacted before anyone sees it', () => {
    const failure = classifyHttpFailure(
      401,
      noHeaders,
      body('Invalid api-key azurekey0123456789 for gateway-token-abcdef'),
      ['azurekey0123456789', 'gateway-token-abcdef'],
    )
    expect(failure.message).toBe('Invalid api-key [redacted] for [redacted]')
  })
})

test('pydantic detail lists name the field', () => {
  expect(
    upstreamMessage(
      JSON.stringify({ detail: [{ loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted' }] }),
    ),
  ).toBe('body.stream_options: Extra inputs are not permitted')
})

describe('the gateway’s own refusals that no retry fixes are 400s too', () => {
  const snapshot = {
    ok: true as const,
    chatgptPassthrough: 'logged_out' as const,
    models: [
      model({ slug: 'keyless', missingApiKeyEnv: 'DEEPSEEK_API_KEY' }),
      model({ slug: 'claude-keyless', provider: 'anthropic', missingApiKeyEnv: 'ANTHROPIC_API_KEY' }),
    ],
  }
  test.each([
    ['/v1/responses', { model: 'keyless', input: 'hi', stream: true }, 'DEEPSEEK_API_KEY'],
    ['/v1/chat/completions', { model: 'keyless', messages: [{ role: 'user', content: 'hi' }] }, 'DEEPSEEK_API_KEY'],
    [
      '/v1/messages',
      { model: 'claude-keyless', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
      'ANTHROPIC_API_KEY',
    ],
  ])('a key variable the daemon lacks (%s)', async (path, requestBody, variable) => {
    const response = await callGateway(path, {
      snapshot,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(requestBody),
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(`$${variable}`)
  })
})
