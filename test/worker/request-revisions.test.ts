import { describe, expect, test } from 'vitest'
import type { ResolvedModel } from '../../shared/host-protocol'
import { buildAnthropicRequest, outputCapIn } from '../../worker/upstreams/anthropic/anthropic-request'
import { buildChatRequest } from '../../worker/upstreams/openai-chat/chat-request'
import { model } from './helpers/gateway'

/** Output limits within the model's cap, and the one retry with a changed request that some refusals earn. */
const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]
const claude: ResolvedModel = model({ slug: 'claude', provider: 'anthropic', baseUrl: 'https://api.anthropic.com/v1' })
const chat: ResolvedModel = model({ slug: 'chat' })
const refusal = (message: string) => JSON.stringify({ error: { message, type: 'invalid_request_error' } })

describe('output limits', () => {
  test('Anthropic: a request above the model’s max_output_tokens is clamped to it, and the summary says so', () => {
    const plan = buildAnthropicRequest({ input, max_output_tokens: 64000 }, { ...claude, maxOutputTokens: 8192 })
    expect(JSON.parse(plan.body)).toMatchObject({ max_tokens: 8192 })
    expect(plan.dropped).toContain("max_output_tokens: 64000 is above the model's max_output_tokens, sent 8192")
  })

  test('Anthropic: without any limit the default is 32000; the model’s own limit wins over it', () => {
    expect(JSON.parse(buildAnthropicRequest({ input }, claude).body).max_tokens).toBe(32000)
    expect(JSON.parse(buildAnthropicRequest({ input }, { ...claude, maxOutputTokens: 4096 }).body).max_tokens).toBe(
      4096,
    )
  })

  test('chat: the same clamp', () => {
    const plan = buildChatRequest({ input, max_output_tokens: 50000 }, { ...chat, maxOutputTokens: 8192 })
    expect(JSON.parse(plan.body)).toMatchObject({ max_tokens: 8192 })
  })
})

describe('one retry with a changed request', () => {
  test('chat: a refusal naming stream_options gets the body without it, once noted', () => {
    const plan = buildChatRequest({ input, stream: true }, chat)
    const revision = plan.reviseAfterRefusal?.(400, refusal('Unrecognized request argument supplied: stream_options'))
    expect(revision).toBeDefined()
    expect(JSON.parse(revision?.body ?? '{}')).not.toHaveProperty('stream_options')
    expect(revision?.note).toMatch(/^stream_options: /)
  })

  test('chat: other refusals, other statuses and requests without stream_options are not revised', () => {
    const plan = buildChatRequest({ input, stream: true }, chat)
    expect(plan.reviseAfterRefusal?.(400, refusal('messages: field required'))).toBeUndefined()
    expect(plan.reviseAfterRefusal?.(401, refusal('stream_options'))).toBeUndefined()
    expect(
      buildChatRequest({ input, stream: false }, chat).reviseAfterRefusal?.(400, refusal('stream_options')),
    ).toBeUndefined()
  })

  test.each([
    [
      'max_tokens: 32000 > 8192, which is the maximum allowed number of output tokens for claude-3-5-haiku-20241022',
      8192,
    ],
    ['Invalid max_tokens value, the valid range of max_tokens is [1, 8192]', 8192],
    ['max_tokens is too large: 32000. This model supports at most 4096 completion tokens', 4096],
    ['max_tokens too large for claude-3-5-sonnet', undefined],
    ['prompt is too long: 210000 tokens > 200000 maximum', undefined],
  ])('the cap in %j is %s', (message, cap) => {
    expect(outputCapIn(message, 32000)).toBe(cap)
  })

  test('Anthropic: a cap refusal gets the request with that cap, a thinking budget that still fits, and a note', () => {
    const plan = buildAnthropicRequest({ input, stream: true, reasoning: { effort: 'high' } }, claude)
    expect(JSON.parse(plan.body)).toMatchObject({ max_tokens: 32000, thinking: { budget_tokens: 16384 } })
    const revision = plan.reviseAfterRefusal?.(
      400,
      refusal('max_tokens: 32000 > 8192, which is the maximum allowed number of output tokens'),
    )
    expect(JSON.parse(revision?.body ?? '{}')).toMatchObject({
      max_tokens: 8192,
      thinking: { type: 'enabled', budget_tokens: 4096 },
    })
    expect(revision?.note).toContain('set max_output_tokens for claude')
    expect(plan.context.maxTokens).toBe(8192)
  })

  test('Anthropic: a cap too small for any thinking budget drops thinking', () => {
    const plan = buildAnthropicRequest({ input, reasoning: { effort: 'high' } }, claude)
    const revision = plan.reviseAfterRefusal?.(400, refusal('the valid range of max_tokens is [1, 4096]'))
    expect(JSON.parse(revision?.body ?? '{}')).not.toHaveProperty('thinking')
  })
})
