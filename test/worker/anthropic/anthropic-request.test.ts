import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import request1 from '../../../../shared/fixtures/codex-0.169/request-1.json'
import request2 from '../../../../shared/fixtures/codex-0.169/request-2.json'
import applyPatch2 from '../../../../shared/fixtures/codex-0.169/apply-patch-request-2.json'
import parallel2 from '../../../../shared/fixtures/codex-0.169/parallel-calls-request-2.json'
import imageItem from '../../../../shared/fixtures/codex-0.169/image-input-item.json'
import type { ResolvedModel } from '../../../shared/host-protocol'
import { packReasoning, upstreamOrigin } from '../../../worker/canonical/reasoning-envelope'
import { anthropicMessagesUrl, buildAnthropicRequest } from '../../../worker/upstreams/anthropic/anthropic-request'
import type { AnthropicBlock, AnthropicRequestBody } from '../../../worker/upstreams/anthropic/anthropic-types'
import { countBreakpoints } from '../../../worker/upstreams/anthropic/cache-breakpoints'
import { anthropicModel } from '../property/request-models'

type Json = Record<string, unknown>
const claude = anthropicModel
const origin = upstreamOrigin(claude.provider, claude.baseUrl)

function translate(body: unknown, model: ResolvedModel = claude) {
  const plan = buildAnthropicRequest(structuredClone(body) as Json, model)
  return { plan, request: JSON.parse(plan.body) as AnthropicRequestBody }
}

/** Anthropic's structural rules for a Messages request (wire-formats.md §3), as a list of violations. */
function structuralProblems(request: AnthropicRequestBody): string[] {
  const problems: string[] = []
  const { messages } = request
  if (messages[0]?.role !== 'user') problems.push('first message is not from the user')
  messages.forEach((message, index) => {
    if (index > 0 && messages[index - 1]?.role === message.role)
      problems.push(`messages ${index - 1} and ${index} have the same role`)
    if (message.content.length === 0) problems.push(`message ${index} is empty`)
    for (const block of message.content) {
      if (block.type === 'text' && block.text.trim() === '') problems.push(`message ${index} has an empty text block`)
      if (block.type === 'tool_use' && !/^[A-Za-z0-9_-]+$/.test(block.id))
        problems.push(`tool_use id ${block.id} breaks Anthropic's pattern`)
      if (block.type === 'thinking' && block.signature === '')
        problems.push(`message ${index} has an unsigned thinking block`)
    }
    const toolUses =
      message.role === 'assistant'
        ? message.content.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []))
        : []
    if (toolUses.length > 0) {
      const next = messages[index + 1]
      const results = next?.content.flatMap((block) => (block.type === 'tool_result' ? [block.tool_use_id] : [])) ?? []
      for (const id of toolUses)
        if (!results.includes(id)) problems.push(`tool_use ${id} has no tool_result right after it`)
      const firstOther = next?.content.findIndex((block) => block.type !== 'tool_result') ?? -1
      if (firstOther !== -1 && next?.content.slice(firstOther).some((block) => block.type === 'tool_result'))
        problems.push(`tool_result blocks do not open message ${index + 1}`)
    }
    if (message.role === 'user') {
      for (const block of message.content) {
        if (block.type !== 'tool_result') continue
        const previous = messages[index - 1]
        const called =
          previous?.role === 'assistant' &&
          previous.content.some((other) => other.type === 'tool_use' && other.id === block.tool_use_id)
        if (!called) problems.push(`tool_result ${block.tool_use_id} does not answer the previous turn`)
      }
    }
  })
  if (countBreakpoints(request) > 4) problems.push(`${countBreakpoints(request)} cache breakpoints`)
  return problems
}

describe('captured Codex requests → Anthropic Messages', () => {
  test.each(Object.entries({ request1, request2, applyPatch2, parallel2 }))(
    '%s follows Anthropic’s structural rules',
    (_name, body) => {
      expect(structuralProblems(translate(body).request)).toEqual([])
    },
  )

  test('system from the developer messages; tools with input_schema; headers x-api-key + anthropic-version, never Bearer', () => {
    const { request, plan } = translate(request1)
    expect(request.system?.map((block) => block.text).join('\n')).toContain('<permissions instructions>')
    expect(request.tools?.find((tool) => tool.name === 'exec_command')?.input_schema).toMatchObject({ type: 'object' })
    expect(plan.url).toBe('https://api.anthropic.com/v1/messages')
    expect(plan.headers).toMatchObject({ 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' })
    expect(Object.keys(plan.headers).map((name) => name.toLowerCase())).not.toContain('authorization')
  })

  test('max_tokens defaults well above 4096, or follows max_output_tokens / the model setting', () => {
    expect(translate(request1).request.max_tokens).toBe(32_000)
    expect(translate({ ...request1, max_output_tokens: 2000 }).request.max_tokens).toBe(2000)
    expect(translate(request1, { ...claude, maxOutputTokens: 64_000 }).request.max_tokens).toBe(64_000)
  })

  test('reasoning.effort becomes a thinking budget scaled by effort that leaves room for the answer', () => {
    const budget = (effort: string, model = claude) =>
      translate({ ...request1, reasoning: { effort } }, model).request.thinking?.budget_tokens
    expect(budget('low')).toBe(2048)
    expect(budget('medium')).toBe(8192)
    expect(budget('high')).toBe(16_384)
    expect(budget('xhigh')).toBe(27_904)
    expect(budget('high', { ...claude, maxOutputTokens: 8000 })).toBe(3904)
    expect(translate(request1).request.thinking).toBeUndefined()
  })

  test('tool_choice and parallel_tool_calls map to Anthropic’s shapes', () => {
    expect(translate({ ...request1, tool_choice: 'required', parallel_tool_calls: false }).request.tool_choice).toEqual(
      { type: 'any', disable_parallel_tool_use: true },
    )
    expect(
      translate({ ...request1, tool_choice: { type: 'function', name: 'exec_command' } }).request.tool_choice,
    ).toEqual({ type: 'tool', name: 'exec_command' })
    expect(translate(request1).request.tool_choice).toEqual({ type: 'auto' })
    const withThinking = translate({ ...request1, tool_choice: 'required', reasoning: { effort: 'low' } })
    expect(withThinking.request.tool_choice).toEqual({ type: 'auto' })
    expect(withThinking.plan.dropped.some((entry) => entry.includes('tool_choice'))).toBe(true)
  })

  test('the freeform apply_patch call goes back as a tool_use with its raw input', () => {
    const { request } = translate(applyPatch2)
    const toolUse = request.messages
      .flatMap((message) => message.content)
      .find((block) => block.type === 'tool_use') as Extract<AnthropicBlock, { type: 'tool_use' }>
    expect(toolUse.name).toBe('apply_patch')
    expect(String(toolUse.input.input)).toContain('*** Begin Patch')
  })

  test('images become base64 image blocks; text-only models get a note', () => {
    const blocks = translate({ model: 'x', input: [imageItem] }).request.messages[0]?.content ?? []
    expect(blocks.find((block) => block.type === 'image')).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: expect.stringMatching(/^iVBOR/) },
    })
    const textOnly = translate({ model: 'x', input: [imageItem] }, { ...claude, noImageSupport: true }).request
    expect(JSON.stringify(textOnly)).not.toContain('"type":"image"')
  })

  test('DeepSeek-style base URLs get /v1/messages', () => {
    expect(anthropicMessagesUrl('https://api.deepseek.com/anthropic')).toBe(
      'https://api.deepseek.com/anthropic/v1/messages',
    )
    expect(anthropicMessagesUrl('https://api.anthropic.com/v1')).toBe('https://api.anthropic.com/v1/messages')
  })
})

describe('thinking round trip', () => {
  const signed = { type: 'thinking', thinking: 'Let me run ls.\n\nThen report.', signature: 'EqQBCkgIARABGAIi+/sig==' }

  function withReasoning(encrypted: string) {
    const body = structuredClone(request2) as { input: Json[]; reasoning?: Json }
    const callIndex = body.input.findIndex((item) => item.type === 'function_call')
    body.input.splice(callIndex, 0, {
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Let me run ls.' }],
      encrypted_content: encrypted,
    })
    body.reasoning = { effort: 'medium' }
    return body
  }

  test('our own signed block is restored byte-exact at the start of its assistant turn, with thinking kept on', () => {
    const { request } = translate(withReasoning(packReasoning(origin, { kind: 'anthropic', blocks: [signed] })))
    const assistant = request.messages.find((message) => message.role === 'assistant')
    expect(JSON.stringify(assistant?.content[0])).toBe(JSON.stringify(signed))
    expect(request.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 })
  })

  test('reasoning from another provider is never sent as a signed block, and thinking pauses for that loop', () => {
    const fromChat = packReasoning(upstreamOrigin('generic-chat-completion-api', 'https://api.deepseek.com/v1'), {
      kind: 'chat',
      text: 'Let me run ls.',
    })
    const fromOtherClaude = packReasoning(upstreamOrigin('anthropic', 'https://other.example/v1'), {
      kind: 'anthropic',
      blocks: [signed],
    })
    for (const encrypted of [fromChat, fromOtherClaude, 'gAAAAB-openai-opaque-blob']) {
      const { request, plan } = translate(withReasoning(encrypted))
      expect(JSON.stringify(request)).not.toContain('"type":"thinking"')
      expect(request.thinking).toBeUndefined()
      expect(plan.dropped.some((entry) => entry.includes('thinking paused'))).toBe(true)
    }
  })
})

describe('prompt caching', () => {
  test('breakpoints on the tools, the system prompt and the last two user turns: four at most', () => {
    const { request } = translate(request2)
    expect(request.tools?.at(-1)?.cache_control).toEqual({ type: 'ephemeral' })
    expect(request.system?.at(-1)?.cache_control).toEqual({ type: 'ephemeral' })
    expect(countBreakpoints(request)).toBe(4)
  })

  test('turn 2 of a session reuses turn 1’s cached prefix: identical bytes up to turn 1’s last breakpoint', () => {
    const turn1 = translate(request1).request
    const turn2 = translate(request2).request
    // The prefix Anthropic caches: tools, system, then messages up to the breakpoint ending turn 1.
    const prefix = (request: AnthropicRequestBody, messageCount: number) =>
      JSON.stringify({
        tools: request.tools,
        system: request.system,
        messages: request.messages.slice(0, messageCount),
      })
    const turn1Messages = turn1.messages.length
    expect(prefix(turn2, turn1Messages)).toBe(prefix(turn1, turn1Messages))
    const lastBlockOfTurn1 = turn2.messages[turn1Messages - 1]?.content.at(-1) as { cache_control?: unknown }
    expect(lastBlockOfTurn1.cache_control).toEqual({ type: 'ephemeral' })
  })

  test('prompt_cache: false places no breakpoint', () => {
    expect(countBreakpoints(translate(request2, { ...claude, promptCache: false }).request)).toBe(0)
  })
})

describe('property: any valid Responses history becomes a structurally valid Messages request', () => {
  const text = fc.string({ minLength: 0, maxLength: 12 })
  const callId = fc.oneof(
    fc.constantFrom('call_1', 'functions.Bash:0', 'toolu_01AbC', 'c'),
    fc.stringMatching(/^[a-z0-9._:-]{1,10}$/),
  )
  const userMessage = text.map((value) => ({
    type: 'message',
    role: 'user',
    content: [{ type: 'input_text', text: value }],
  }))
  const developerMessage = text.map((value) => ({
    type: 'message',
    role: 'developer',
    content: [{ type: 'input_text', text: value }],
  }))
  const assistantMessage = text.map((value) => ({
    type: 'message',
    role: 'assistant',
    content: [{ type: 'output_text', text: value }],
  }))
  const reasoningItem = fc.oneof(
    fc.constant({
      type: 'reasoning',
      summary: [],
      encrypted_content: packReasoning(origin, {
        kind: 'anthropic',
        blocks: [{ type: 'thinking', thinking: 'x', signature: 'sig' }],
      }),
    }),
    fc.constant({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'foreign' }],
      encrypted_content: 'opaque',
    }),
  )
  const callWithOutput = fc.tuple(callId, text, fc.boolean(), fc.boolean()).map(([id, output, answered, custom]) => {
    const call = custom
      ? { type: 'custom_tool_call', call_id: id, name: 'apply_patch', input: output }
      : { type: 'function_call', call_id: id, name: 'exec_command', arguments: '{"cmd":"ls"}' }
    const result = { type: custom ? 'custom_tool_call_output' : 'function_call_output', call_id: id, output }
    return answered ? [call, result] : [call]
  })
  const history = fc
    .array(
      fc.oneof(
        userMessage.map((item) => [item]),
        developerMessage.map((item) => [item]),
        assistantMessage.map((item) => [item]),
        reasoningItem.map((item) => [item]),
        callWithOutput,
      ),
      { minLength: 1, maxLength: 14 },
    )
    .map((groups) => [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'start' }] },
      ...groups.flat(),
    ])

  test('alternation, tool_result right after its tool_use, no empty blocks, at most 4 breakpoints', () => {
    fc.assert(
      fc.property(history, fc.constantFrom(undefined, 'low', 'high'), (input, effort) => {
        const { request } = translate({
          model: 'claude',
          input,
          tools: request1.tools,
          reasoning: effort === undefined ? undefined : { effort },
        })
        expect(structuralProblems(request)).toEqual([])
      }),
      { numRuns: 300 },
    )
  })
})
