import { describe, expect, test } from 'vitest'
import request1 from '../../../../shared/fixtures/codex-0.169/request-1.json'
import request2 from '../../../../shared/fixtures/codex-0.169/request-2.json'
import applyPatch2 from '../../../../shared/fixtures/codex-0.169/apply-patch-request-2.json'
import namespace2 from '../../../../shared/fixtures/codex-0.169/namespace-call-request-2.json'
import parallel2 from '../../../../shared/fixtures/codex-0.169/parallel-calls-request-2.json'
import reasoning2 from '../../../../shared/fixtures/codex-0.169/reasoning-roundtrip-request-2.json'
import compactionLocal from '../../../../shared/fixtures/codex-0.169/compaction-local-request.json'
import catalogRequest1 from '../../../../shared/fixtures/codex-0.169/catalog-request-1.json'
import imageItem from '../../../../shared/fixtures/codex-0.169/image-input-item.json'
import type { ResolvedModel } from '../../../shared/host-protocol'
import { packReasoning, upstreamOrigin } from '../../../worker/canonical/reasoning-envelope'
import { GatewayError } from '../../../worker/http/gateway-error'
import { buildChatRequest, chatCompletionsUrl } from '../../../worker/upstreams/openai-chat/chat-request'
import { validateChatRequest } from '../../kit/chat-request-validator'

type Json = Record<string, unknown>
type Message = {
  role: string
  content: unknown
  tool_calls?: { id: string; function: { name: string; arguments: string } }[]
  tool_call_id?: string
  reasoning_content?: string
}

const deepseek: ResolvedModel = {
  slug: 'deepseek',
  model: 'deepseek-reasoner',
  provider: 'generic-chat-completion-api',
  baseUrl: 'https://api.deepseek.com/v1',
  displayName: 'DeepSeek',
  apiKey: 'sk-test-key',
  noImageSupport: false,
  promptCache: true,
  extraHeaders: { 'X-Trace': 'on' },
  index: 0,
}
const openai: ResolvedModel = {
  ...deepseek,
  slug: 'gpt',
  model: 'gpt-5.1',
  provider: 'openai',
  baseUrl: 'https://api.openai.com/v1',
}

function translate(body: unknown, model: ResolvedModel = deepseek) {
  const plan = buildChatRequest(structuredClone(body) as Json, model)
  const payload = JSON.parse(plan.body) as Json & {
    messages: Message[]
    tools?: { function: { name: string; description?: string; parameters: Json } }[]
  }
  return { plan, payload }
}

const codexRequests = {
  request1,
  request2,
  applyPatch2,
  namespace2,
  parallel2,
  reasoning2,
  compactionLocal,
  catalogRequest1,
}

describe('captured Codex 0.169 requests become valid chat requests', () => {
  test.each(Object.entries(codexRequests))('%s passes the strict chat validator', (_name, body) => {
    expect(validateChatRequest(translate(body).payload)).toEqual([])
    expect(validateChatRequest(translate(body, openai).payload)).toEqual([])
  })

  test('the developer messages become one leading system message; the prompt stays a user message', () => {
    const { payload } = translate(request1)
    expect(payload.messages[0]?.role).toBe('system')
    expect(String(payload.messages[0]?.content)).toContain('<permissions instructions>')
    expect(payload.messages.slice(1).map((message) => message.role)).toEqual(['user'])
    expect(String(payload.messages[1]?.content)).toContain('<environment_context>')
  })

  test('turn 2 of a shell loop: the call and its output, in order, with the call id kept', () => {
    const { payload } = translate(request2)
    const [assistant, tool] = payload.messages.slice(-2)
    expect(assistant?.tool_calls?.[0]).toMatchObject({ id: 'call_mock_1', function: { name: 'exec_command' } })
    expect(JSON.parse(assistant?.tool_calls?.[0]?.function.arguments ?? '')).toMatchObject({
      cmd: 'echo hello-from-mock && pwd',
    })
    expect(tool).toMatchObject({ role: 'tool', tool_call_id: 'call_mock_1' })
    expect(String(tool?.content)).toContain('hello-from-mock')
  })

  test('the freeform apply_patch tool is a function with one string parameter and its grammar', () => {
    const { payload, plan } = translate(applyPatch2)
    const tool = payload.tools?.find((entry) => entry.function.name === 'apply_patch')
    expect(tool?.function.parameters).toMatchObject({ properties: { input: { type: 'string' } }, required: ['input'] })
    expect(tool?.function.description).toContain('lark grammar')
    expect(tool?.function.description).toContain('begin_patch')
    expect(plan.context.registry.get('apply_patch')).toEqual({
      kind: 'custom',
      name: 'apply_patch',
      namespace: undefined,
    })
    const call = payload.messages.find((message) => message.tool_calls)?.tool_calls?.[0]
    expect(JSON.parse(call?.function.arguments ?? '{}').input).toContain('*** Begin Patch')
  })

  test('namespaced tools are flattened, and a namespaced call in history uses the flat name', () => {
    const { payload, plan } = translate(namespace2)
    const names = payload.tools?.map((tool) => tool.function.name) ?? []
    expect(names).toContain('multi_agent_v1__close_agent')
    expect(plan.context.registry.get('multi_agent_v1__close_agent')).toMatchObject({
      name: 'close_agent',
      namespace: 'multi_agent_v1',
    })
    const call = payload.messages.find((message) => message.tool_calls)?.tool_calls?.[0]
    expect(call?.function.name).toBe('multi_agent_v1__close_agent')
  })

  test('parallel calls: one assistant message with text and both calls, then both tool messages', () => {
    const { payload } = translate(parallel2)
    const tail = payload.messages.slice(-3)
    expect(tail.map((message) => message.role)).toEqual(['assistant', 'tool', 'tool'])
    expect(tail[0]?.tool_calls).toHaveLength(2)
    expect(typeof tail[0]?.content).toBe('string')
    expect(tail.slice(1).map((message) => message.tool_call_id)).toEqual(tail[0]?.tool_calls?.map((call) => call.id))
  })

  test('tools, tool_choice, parallel_tool_calls, effort and usage streaming are mapped; hosted web_search gets a fallback', () => {
    const body = { ...request1, reasoning: { effort: 'high', summary: 'auto' } }
    const { payload, plan } = translate(body)
    expect(payload).toMatchObject({
      model: 'deepseek-reasoner',
      stream: true,
      stream_options: { include_usage: true },
      tool_choice: 'auto',
      parallel_tool_calls: true,
      reasoning_effort: 'high',
    })
    expect(payload.tools?.map((tool) => tool.function.name)).toContain('web_search')
    expect(plan.dropped).toEqual([])
    expect(payload).not.toHaveProperty('store')
    expect(payload).not.toHaveProperty('include')
  })

  test('a compaction request without tools sends no tool fields', () => {
    const { payload } = translate(compactionLocal)
    expect(payload).not.toHaveProperty('tools')
    expect(payload).not.toHaveProperty('parallel_tool_calls')
    expect(payload).not.toHaveProperty('tool_choice')
    expect(String(payload.messages.at(-1)?.content)).toContain('CONTEXT CHECKPOINT COMPACTION')
  })
})

describe('reasoning round trip', () => {
  const origin = upstreamOrigin(deepseek.provider, deepseek.baseUrl)

  test('our DeepSeek envelope comes back as reasoning_content on the tool-call turn', () => {
    const body = structuredClone(reasoning2) as { input: Json[] }
    const reasoning = body.input.find((item) => item.type === 'reasoning')
    if (reasoning)
      reasoning.encrypted_content = packReasoning(origin, {
        kind: 'chat',
        source: 'reasoning_content',
        text: 'I should list the files.',
      })
    const { payload } = translate(body)
    const assistant = payload.messages.find((message) => message.tool_calls)
    expect(assistant?.reasoning_content).toBe('I should list the files.')
    expect(validateChatRequest(payload)).toEqual([])
  })

  test('reasoning from another upstream (or OpenAI’s opaque blobs) is never sent', () => {
    const { payload, plan } = translate(reasoning2)
    expect(JSON.stringify(payload)).not.toContain('SHIM-OPAQUE-SIGNATURE')
    expect(payload.messages.find((message) => message.tool_calls)).not.toHaveProperty('reasoning_content')
    expect(plan.dropped.some((entry) => entry.includes('reasoning'))).toBe(true)

    const foreign = structuredClone(reasoning2) as { input: Json[] }
    const item = foreign.input.find((entry) => entry.type === 'reasoning')
    if (item)
      item.encrypted_content = packReasoning(upstreamOrigin('openai', 'https://elsewhere.example/v1'), {
        kind: 'chat',
        text: 'other',
      })
    expect(translate(foreign).payload.messages.find((message) => message.tool_calls)).not.toHaveProperty(
      'reasoning_content',
    )
  })

  test('Gemini thought signatures return on the call they belong to', () => {
    const gemini = { ...deepseek, baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai' }
    const geminiOrigin = upstreamOrigin(gemini.provider, gemini.baseUrl)
    const body = structuredClone(request2) as { input: Json[] }
    const callIndex = body.input.findIndex((item) => item.type === 'function_call')
    body.input.splice(callIndex, 0, {
      type: 'reasoning',
      summary: [],
      encrypted_content: packReasoning(geminiOrigin, { kind: 'chat', thoughtSignatures: { call_mock_1: 'sig-xyz' } }),
    })
    const call = translate(body, gemini).payload.messages.find((message) => message.tool_calls)
      ?.tool_calls?.[0] as unknown as Json
    expect(call.extra_content).toEqual({ google: { thought_signature: 'sig-xyz' } })
  })
})

describe('content and sequencing', () => {
  const user = (content: unknown) => ({ type: 'message', role: 'user', content })

  test('input_image becomes image_url with its detail', () => {
    const { payload } = translate({ model: 'x', input: [imageItem] })
    const parts = payload.messages[0]?.content as Json[]
    expect(parts.map((part) => part.type)).toEqual(
      ['text', 'text', 'image_url', 'text', 'text'].filter((_, i) => i !== 0),
    )
    expect(parts.find((part) => part.type === 'image_url')).toEqual({
      type: 'image_url',
      image_url: { url: expect.stringMatching(/^data:image\/png;base64,/), detail: 'high' },
    })
  })

  test('a text-only model gets a note instead of the image, and the drop is reported', () => {
    const { payload, plan } = translate({ model: 'x', input: [imageItem] }, { ...deepseek, noImageSupport: true })
    expect(JSON.stringify(payload)).not.toContain('data:image')
    expect(String(payload.messages[0]?.content)).toContain('[image omitted')
    expect(plan.dropped.some((entry) => entry.includes('image omitted'))).toBe(true)
  })

  test('images in a tool output move to a user message after all the tool messages', () => {
    const input = [
      user('look'),
      { type: 'function_call', call_id: 'a', name: 'view_image', arguments: '{}' },
      { type: 'function_call', call_id: 'b', name: 'view_image', arguments: '{}' },
      {
        type: 'function_call_output',
        call_id: 'a',
        output: [
          { type: 'input_text', text: 'first' },
          { type: 'input_image', image_url: 'data:image/png;base64,AAA' },
        ],
      },
      { type: 'function_call_output', call_id: 'b', output: 'second' },
    ]
    const { payload } = translate({ model: 'x', input })
    expect(payload.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'user'])
    expect(JSON.stringify(payload.messages.at(-1))).toContain('data:image/png;base64,AAA')
    expect(validateChatRequest(payload)).toEqual([])
  })

  test('an interrupted call gets a synthetic answer; an orphan output becomes user text', () => {
    const input = [
      user('go'),
      { type: 'function_call', call_id: 'lost', name: 'exec_command', arguments: '{"cmd":"sleep 100"}' },
      user('never mind'),
      { type: 'function_call_output', call_id: 'ghost', output: 'late output' },
    ]
    const { payload } = translate({ model: 'x', input })
    expect(validateChatRequest(payload)).toEqual([])
    expect(payload.messages.find((message) => message.role === 'tool')).toMatchObject({
      tool_call_id: 'lost',
      content: expect.stringContaining('interrupted'),
    })
    expect(String(payload.messages.at(-1)?.content)).toContain('Output of tool call ghost')
  })

  test('a developer message mid-conversation becomes user text, not a second system message', () => {
    const input = [
      user('one'),
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] },
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'sandbox changed' }] },
      user('two'),
    ]
    const { payload } = translate({ model: 'x', input })
    expect(payload.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(payload.messages[2]?.content).toBe('sandbox changed\n\ntwo')
  })

  test('a tool-call-only assistant message has null content for OpenAI and "" for other servers', () => {
    const input = [
      user('go'),
      { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c', output: 'done' },
    ]
    expect(translate({ model: 'x', input }, openai).payload.messages[1]?.content).toBeNull()
    expect(translate({ model: 'x', input }).payload.messages[1]?.content).toBe('')
  })

  test('custom tool history carries its raw input as the single argument', () => {
    const input = [
      user('patch'),
      { type: 'custom_tool_call', call_id: 'p', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
      { type: 'custom_tool_call_output', call_id: 'p', output: 'ok' },
    ]
    const call = translate({ model: 'x', input }).payload.messages[1]?.tool_calls?.[0]
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({ input: '*** Begin Patch\n*** End Patch' })
  })

  test('max_output_tokens → max_completion_tokens for OpenAI, max_tokens elsewhere; the model default applies', () => {
    expect(translate({ model: 'x', input: 'hi', max_output_tokens: 100 }, openai).payload.max_completion_tokens).toBe(
      100,
    )
    expect(translate({ model: 'x', input: 'hi', max_output_tokens: 100 }).payload.max_tokens).toBe(100)
    expect(translate({ model: 'x', input: 'hi' }, { ...deepseek, maxOutputTokens: 8192 }).payload.max_tokens).toBe(8192)
  })

  test('key, extra headers and URL come from settings; extra headers can replace the Authorization', () => {
    const { plan } = translate({ model: 'x', input: 'hi' })
    expect(plan.url).toBe('https://api.deepseek.com/v1/chat/completions')
    expect(plan.headers).toMatchObject({ authorization: 'Bearer sk-test-key', 'X-Trace': 'on' })
    const custom = translate(
      { model: 'x', input: 'hi' },
      { ...deepseek, extraHeaders: { Authorization: 'Token abc' } },
    ).plan
    expect(custom.headers.authorization).toBeUndefined()
    expect(custom.headers.Authorization).toBe('Token abc')
  })

  test.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1/chat/completions'],
    [
      'https://generativelanguage.googleapis.com/v1beta/openai',
      'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions',
    ],
    ['https://open.bigmodel.cn/api/paas/v4', 'https://open.bigmodel.cn/api/paas/v4/chat/completions'],
    ['http://127.0.0.1:11434', 'http://127.0.0.1:11434/v1/chat/completions'],
    ['https://x.example/v1/chat/completions', 'https://x.example/v1/chat/completions'],
  ])('base URL %s → %s', (base, url) => {
    expect(chatCompletionsUrl(base)).toBe(url)
  })

  test.each([
    [{ model: 'x', input: 42 }, 'input: expected a string or an array'],
    [{ model: 'x', input: [{ type: 'function_call', name: 'f' }] }, 'input[0].call_id: expected a string'],
    [{ model: 'x', input: [{ type: 'teleport' }] }, 'input[0].type: unsupported item type "teleport"'],
    [{ model: 'x', input: 'hi', tools: {} }, 'tools: expected an array'],
    [{ model: 'x', input: 'hi', previous_response_id: 'resp_1' }, 'previous_response_id'],
    [{ model: 'x', input: [] }, 'input: contains no message'],
  ])('%j is a 400 naming the field', (body, message) => {
    let error: unknown
    try {
      translate(body)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).status).toBe(400)
    expect((error as GatewayError).message).toContain(message)
  })
})
