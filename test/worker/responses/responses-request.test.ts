import { describe, expect, test } from 'vitest'
import reasoningTurn2 from '../../../../shared/fixtures/codex-0.169/reasoning-roundtrip-request-2.json?raw'
import { packCompaction } from '../../../worker/canonical/compaction'
import { packReasoning, upstreamOrigin } from '../../../worker/canonical/reasoning-envelope'
import { buildResponsesRequest, responsesUrl } from '../../../worker/upstreams/responses/responses-request'
import { model } from '../helpers/gateway'

const luna = model({
  slug: 'luna',
  provider: 'responses',
  model: 'gpt-5.6-luna',
  baseUrl: 'https://opencode.ai/zen/go/v1',
  apiKey: 'oc-upstream-key-123',
})
const codexTurn2 = JSON.parse(reasoningTurn2) as Record<string, unknown> & { input: Record<string, unknown>[] }
const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go on' }] }
const sent = (body: Record<string, unknown>, row = luna) =>
  JSON.parse(buildResponsesRequest(body, row).body) as Record<string, unknown> & { input: Record<string, unknown>[] }

describe("Codex's request goes on with only the model, the key and extra_headers changed", () => {
  test('every field but model is what Codex sent: input, tools, store, include, prompt_cache_key, client_metadata', () => {
    const body = sent({ ...codexTurn2, model: 'luna' })
    expect(body).toEqual({ ...codexTurn2, model: 'gpt-5.6-luna' })
    expect(body).toMatchObject({
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: codexTurn2.prompt_cache_key,
    })
  })

  test("the upstream's own reasoning item goes back byte for byte, encrypted_content included", () => {
    const plan = buildResponsesRequest({ ...codexTurn2, model: 'luna' }, luna)
    const reasoning = codexTurn2.input.find((item) => item.type === 'reasoning')
    expect(plan.body).toContain(JSON.stringify(reasoning))
    expect(plan.dropped).toEqual([])
  })

  test('the model key as a Bearer token and the extra headers; an Authorization in extra_headers wins', () => {
    expect(
      buildResponsesRequest({ input: 'hi', stream: true }, { ...luna, extraHeaders: { 'x-opencode-session': 's1' } })
        .headers,
    ).toEqual({
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: 'Bearer oc-upstream-key-123',
      'x-opencode-session': 's1',
    })
    const azure = buildResponsesRequest(
      { input: 'hi' },
      { ...luna, apiKey: undefined, extraHeaders: { 'api-key': 'azure-key-456', Authorization: 'Bearer entra' } },
    )
    expect(azure.headers).toMatchObject({
      accept: 'application/json',
      'api-key': 'azure-key-456',
      Authorization: 'Bearer entra',
    })
    expect(azure.headers).not.toHaveProperty('authorization')
  })

  test("the row's max_output_tokens caps the request as for any provider, and says so", () => {
    const plan = buildResponsesRequest({ input: 'hi', max_output_tokens: 64000 }, { ...luna, maxOutputTokens: 8192 })
    expect(JSON.parse(plan.body).max_output_tokens).toBe(8192)
    expect(plan.dropped).toEqual(["max_output_tokens: 64000 is above the model's max_output_tokens, sent 8192"])
  })

  test('a request that does not say whether to store (the chat and Messages doors) is not stored upstream', () => {
    expect(sent({ input: 'hi' }).store).toBe(false)
    expect(sent({ input: 'hi', store: true }).store).toBe(true)
  })
})

describe('our own items are unpacked for the upstream, never sent raw', () => {
  test('reasoning we packed for another upstream is dropped, and the summary says how much', () => {
    const fromDeepseek = packReasoning(upstreamOrigin('generic-chat-completion-api', 'https://api.deepseek.com/v1'), {
      kind: 'chat',
      text: 'Let me run ls.',
    })
    const plan = buildResponsesRequest(
      { input: [user, { type: 'reasoning', id: 'rs_ours', summary: [], encrypted_content: fromDeepseek }, user] },
      luna,
    )
    expect(JSON.parse(plan.body).input).toEqual([user, user])
    expect(plan.body).not.toContain('cxs1.')
    expect(plan.dropped).toEqual(['input: 1 reasoning item(s) from another upstream, not sent'])
  })

  test('our compaction item becomes the summary message it stands for; an opaque one from OpenAI stays', () => {
    const input = [
      { type: 'compaction', id: 'cmp_1', encrypted_content: packCompaction('The user wants tests.') },
      { type: 'compaction', id: 'cmp_2', encrypted_content: 'gAAAAB-openai' },
      user,
    ]
    const body = sent({ input })
    expect(body.input[0]).toMatchObject({
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: expect.stringContaining('The user wants tests.') }],
    })
    expect(body.input.slice(1)).toEqual(input.slice(1))
  })

  test('a reasoning item without an id (a thinking block from an Anthropic client) cannot go back, and is dropped', () => {
    const plan = buildResponsesRequest(
      {
        input: [
          user,
          { type: 'reasoning', summary: [{ type: 'summary_text', text: 'hm' }], encrypted_content: 'gAAAAB-blob' },
        ],
      },
      luna,
    )
    expect(JSON.parse(plan.body).input).toEqual([user])
    expect(plan.dropped).toEqual(['input: 1 reasoning item(s) without an id, which the Responses API cannot take back'])
  })
})

describe('a blob the upstream cannot read (the thread came from another Responses upstream)', () => {
  const refusal = JSON.stringify({
    error: {
      message: 'The encrypted content for item rs_1 could not be verified.',
      type: 'invalid_request_error',
      code: 'invalid_encrypted_content',
    },
  })
  const input = [
    user,
    { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAAB-xai' },
    { type: 'compaction', id: 'cmp_1', encrypted_content: 'gAAAAB-openai' },
    user,
  ]

  test('is retried once without opaque reasoning and compaction items, with a note', () => {
    const revision = buildResponsesRequest({ input, stream: true }, luna).reviseAfterRefusal?.(400, refusal)
    expect(JSON.parse(revision?.body ?? '{}').input).toEqual([user, user])
    expect(revision?.note).toMatch(/^input: 2 reasoning or compaction item\(s\) the upstream could not read/)
  })

  test('other refusals, and requests without such items, are not revised', () => {
    const plan = buildResponsesRequest({ input, stream: true }, luna)
    expect(
      plan.reviseAfterRefusal?.(400, JSON.stringify({ error: { message: 'Unknown parameter: tools[0].foo' } })),
    ).toBeUndefined()
    expect(plan.reviseAfterRefusal?.(401, refusal)).toBeUndefined()
    expect(buildResponsesRequest({ input: [user] }, luna).reviseAfterRefusal?.(400, refusal)).toBeUndefined()
  })
})

test.each([
  ['https://api.openai.com/v1', 'https://api.openai.com/v1/responses'],
  ['https://my.openai.azure.com/openai/v1', 'https://my.openai.azure.com/openai/v1/responses'],
  [
    'https://my.openai.azure.com/openai?api-version=2025-04-01-preview',
    'https://my.openai.azure.com/openai/responses?api-version=2025-04-01-preview',
  ],
  ['http://127.0.0.1:8000', 'http://127.0.0.1:8000/v1/responses'],
  ['https://opencode.ai/zen/go/v1/responses', 'https://opencode.ai/zen/go/v1/responses'],
])('base URL %s → %s', (baseUrl, url) => {
  expect(responsesUrl(baseUrl)).toBe(url)
})
