import { describe, expect, test } from 'vitest'
import { patchOperations } from '../../worker/canonical/hosted-apply-patch'
import { anthropicAdapter } from '../../worker/upstreams/anthropic'
import { buildAnthropicRequest } from '../../worker/upstreams/anthropic/anthropic-request'
import { buildAnthropicTools } from '../../worker/upstreams/anthropic/anthropic-tools'
import type { AnthropicRequestBody } from '../../worker/upstreams/anthropic/anthropic-types'
import { buildChatRequest } from '../../worker/upstreams/openai-chat/chat-request'
import { buildChatTools } from '../../worker/upstreams/openai-chat/chat-tools'
import { validateChatRequest } from '../kit/chat-request-validator'
import { openAiChatModel, uncachedClaudeModel } from './helpers/test-models'
import { validateResponsesStream } from '../kit/responses-stream-validator'
import { chatContext, chatWireText, doneItems, translateChatWire, translateWire } from './helpers/replay'

type Json = Record<string, unknown>
const chatModel = openAiChatModel
const claude = uncachedClaudeModel

const HOSTED = [{ type: 'apply_patch' }]
const PATCH =
  '*** Begin Patch\n*** Add File: notes/new.txt\n+first line\n+second line\n*** Update File: src/app.ts\n@@ function main() {\n-  run()\n+  run({ fast: true })\n*** Delete File: old.txt\n*** End Patch\n'

function toChat(body: Json) {
  const plan = buildChatRequest({ model: 'chat', input: 'edit the files', ...body }, chatModel)
  return {
    plan,
    payload: JSON.parse(plan.body) as Json & {
      tools?: { function: { name: string; description?: string; parameters: Json } }[]
    },
  }
}

function toAnthropic(body: Json) {
  const plan = buildAnthropicRequest({ model: 'claude', input: 'edit the files', ...body }, claude)
  return { plan, request: JSON.parse(plan.body) as AnthropicRequestBody }
}

describe('the hosted apply_patch tool on upstreams that cannot run it', () => {
  test('is offered to chat and Anthropic as a function taking the patch text, with Codex’s patch grammar', () => {
    const chat = toChat({ tools: HOSTED })
    expect(validateChatRequest(chat.payload)).toEqual([])
    const fn = chat.payload.tools?.[0]?.function
    expect(fn?.name).toBe('apply_patch')
    expect(fn?.parameters).toMatchObject({ properties: { input: { type: 'string' } }, required: ['input'] })
    expect(fn?.description).toContain('add_hunk: "*** Add File: " filename LF add_line+')
    expect(chat.plan.dropped).toEqual([])

    const anthropic = toAnthropic({ tools: HOSTED })
    expect(anthropic.request.tools?.[0]).toMatchObject({ name: 'apply_patch', input_schema: { required: ['input'] } })
    expect(anthropic.request.tools?.[0]?.description).toContain('*** Begin Patch')
    expect(anthropic.plan.dropped).toEqual([])
  })

  test('gives way to Codex’s freeform apply_patch when both are sent, and says so', () => {
    const freeform = { type: 'custom', name: 'apply_patch', description: 'Codex’s own', format: { type: 'text' } }
    const { tools, registry, dropped } = buildChatTools([freeform, ...HOSTED])
    expect(tools).toHaveLength(1)
    expect(registry.get('apply_patch')?.kind).toBe('custom')
    expect(dropped).toEqual(['tools[1] (apply_patch): a custom tool named apply_patch is already offered'])
  })
})

describe('a tool_choice that names a hosted tool', () => {
  test.each([
    ['apply_patch', HOSTED],
    ['web_search', [{ type: 'web_search', external_web_access: false }]],
    ['web_search_preview', [{ type: 'web_search_preview' }]],
    ['local_shell', [{ type: 'local_shell' }]],
  ])('{"type":"%s"} forces its function on both upstreams', (type, tools) => {
    const name = type.startsWith('web_search') ? 'web_search' : type
    const chat = toChat({ tools, tool_choice: { type } })
    expect(chat.payload.tool_choice).toEqual({ type: 'function', function: { name } })
    expect(validateChatRequest(chat.payload)).toEqual([])
    expect(toAnthropic({ tools, tool_choice: { type } }).request.tool_choice).toEqual({ type: 'tool', name })
  })

  test.each([
    [
      'a hosted tool with no fallback',
      [{ type: 'function', name: 'run', parameters: { type: 'object' } }],
      { type: 'image_generation' },
      'image_generation tool has no function fallback',
    ],
    [
      'a hosted tool that was not offered',
      [{ type: 'function', name: 'run', parameters: { type: 'object' } }],
      { type: 'apply_patch' },
      'no apply_patch tool was offered',
    ],
  ])('%s is dropped with a note, never sent silently as "auto"', (_case, tools, toolChoice, reason) => {
    const chat = toChat({ tools, tool_choice: toolChoice })
    expect(chat.payload.tool_choice).toBeUndefined()
    expect(chat.plan.dropped).toEqual([expect.stringContaining(reason)])
    const anthropic = toAnthropic({ tools, tool_choice: toolChoice })
    expect(anthropic.request.tool_choice).toEqual({ type: 'auto' })
    expect(anthropic.plan.dropped).toEqual([expect.stringContaining(reason)])
  })
})

describe('a call to the apply_patch function', () => {
  const expectedItems = [
    {
      type: 'apply_patch_call',
      status: 'completed',
      call_id: 'call_7',
      operation: { type: 'create_file', path: 'notes/new.txt', diff: '+first line\n+second line\n' },
    },
    {
      type: 'apply_patch_call',
      status: 'completed',
      call_id: 'call_7_2',
      operation: {
        type: 'update_file',
        path: 'src/app.ts',
        diff: '@@ function main() {\n-  run()\n+  run({ fast: true })\n',
      },
    },
    {
      type: 'apply_patch_call',
      status: 'completed',
      call_id: 'call_7_3',
      operation: { type: 'delete_file', path: 'old.txt' },
    },
  ]

  function chatCall(args: string) {
    const chunk = {
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              { index: 0, id: 'call_7', type: 'function', function: { name: 'apply_patch', arguments: args } },
            ],
          },
        },
      ],
    }
    const end = { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }
    const wire = chatWireText(`${JSON.stringify(chunk)}\n${JSON.stringify(end)}\n`, 'jsonl')
    return translateChatWire(wire, 5, chatContext({ registry: buildChatTools(HOSTED).registry }))
  }

  test('from a chat upstream comes back as one apply_patch_call per file, as the Responses API shapes them', () => {
    const events = chatCall(JSON.stringify({ input: PATCH }))
    expect(validateResponsesStream(events)).toEqual([])
    expect(doneItems(events)).toMatchObject(expectedItems)
    expect(events.at(-1)?.type).toBe('response.completed')
  })

  test('from Anthropic comes back the same way', () => {
    const event = (type: string, data: Json) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
    const wire = [
      event('message_start', { message: { usage: { input_tokens: 5, output_tokens: 1 } } }),
      event('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: 'call_7', name: 'apply_patch', input: {} },
      }),
      event('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify({ input: PATCH }) },
      }),
      event('content_block_stop', { index: 0 }),
      event('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 40 } }),
      event('message_stop', {}),
    ].join('')
    const context = {
      slug: 'claude',
      registry: buildAnthropicTools(HOSTED).registry,
      origin: 'f00dcafe',
      secrets: [],
      maxTokens: 32000,
    }
    const events = translateWire(anthropicAdapter, context, wire, 7)
    expect(validateResponsesStream(events)).toEqual([])
    expect(doneItems(events)).toMatchObject(expectedItems)
  })

  test('whose text is not a patch is never written as a call', () => {
    const events = chatCall(JSON.stringify({ input: 'please rename a.txt to b.txt' }))
    expect(validateResponsesStream(events)).toEqual([])
    expect(doneItems(events).filter((item) => item.type === 'apply_patch_call')).toEqual([])
    expect(events.at(-1)?.type).toBe('response.failed')
  })
})

describe('apply_patch_call items in the history', () => {
  test('go back to Anthropic as the apply_patch tool_use they were, answered by their output', () => {
    const input = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'add a note' }] },
      {
        type: 'apply_patch_call',
        id: 'apc_1',
        call_id: 'toolu_9',
        status: 'completed',
        operation: { type: 'create_file', path: 'note.txt', diff: '+hello' },
      },
      { type: 'apply_patch_call_output', call_id: 'toolu_9', status: 'completed', output: 'Created note.txt' },
      {
        type: 'apply_patch_call',
        id: 'apc_2',
        call_id: 'toolu_10',
        status: 'completed',
        operation: { type: 'delete_file', path: 'gone.txt' },
      },
      { type: 'apply_patch_call_output', call_id: 'toolu_10', status: 'failed' },
    ]
    const blocks = toAnthropic({ tools: HOSTED, input }).request.messages.flatMap((message) => message.content)
    expect(blocks.filter((block) => block.type === 'tool_use')).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_9',
        name: 'apply_patch',
        input: { input: '*** Begin Patch\n*** Add File: note.txt\n+hello\n*** End Patch\n' },
      },
      {
        type: 'tool_use',
        id: 'toolu_10',
        name: 'apply_patch',
        input: { input: '*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch\n' },
      },
    ])
    expect(blocks.filter((block) => block.type === 'tool_result')).toMatchObject([
      { tool_use_id: 'toolu_9', content: [{ type: 'text', text: 'Created note.txt' }] },
      { tool_use_id: 'toolu_10', content: [{ type: 'text', text: 'apply_patch failed' }] },
    ])
  })
})

describe("apply_patch_call items in a chat upstream's history", () => {
  test('go back as the apply_patch tool call they were, answered by their output', () => {
    const input = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'add a note' }] },
      {
        type: 'apply_patch_call',
        id: 'apc_1',
        call_id: 'call_9',
        status: 'completed',
        operation: { type: 'create_file', path: 'note.txt', diff: '+hello' },
      },
      { type: 'apply_patch_call_output', call_id: 'call_9', status: 'completed', output: 'Created note.txt' },
    ]
    const { payload } = toChat({ tools: HOSTED, input })
    const messages = payload.messages as {
      role: string
      tool_calls?: { id: string; function: { name: string; arguments: string } }[]
      tool_call_id?: string
      content?: unknown
    }[]
    const call = messages.find((message) => message.tool_calls)?.tool_calls?.[0]
    expect(call).toMatchObject({ id: 'call_9', function: { name: 'apply_patch' } })
    expect(JSON.parse(call?.function.arguments ?? '{}')).toEqual({
      input: '*** Begin Patch\n*** Add File: note.txt\n+hello\n*** End Patch\n',
    })
    expect(messages.find((message) => message.role === 'tool')).toMatchObject({
      tool_call_id: 'call_9',
      content: 'Created note.txt',
    })
  })
})

describe('reading the patch the model wrote', () => {
  test.each([
    [
      'without the Begin/End envelope',
      '*** Add File: a.txt\n+x\n',
      [{ type: 'create_file', path: 'a.txt', diff: '+x\n' }],
    ],
    [
      'with CRLF line ends and a trailing blank line',
      '*** Begin Patch\r\n*** Delete File: a.txt\r\n\r\n*** End Patch\r\n',
      [{ type: 'delete_file', path: 'a.txt' }],
    ],
    [
      'an update ending at the end of the file',
      '*** Update File: a.txt\n@@\n-x\n+y\n*** End of File\n',
      [{ type: 'update_file', path: 'a.txt', diff: '@@\n-x\n+y\n*** End of File\n' }],
    ],
    [
      'a rename, which an operation cannot express',
      '*** Update File: a.txt\n*** Move to: b.txt\n@@\n-x\n+y\n',
      undefined,
    ],
    ['lines before the first file', 'diff --git a/a.txt b/a.txt\n*** Add File: a.txt\n+x\n', undefined],
    ['a deletion with a body', '*** Delete File: a.txt\n-x\n', undefined],
    ['an update with no change', '*** Update File: a.txt\n', undefined],
    ['no file at all', '*** Begin Patch\n*** End Patch\n', undefined],
  ])('%s', (_case, patch, expected) => {
    expect(patchOperations(patch)).toEqual(expected)
  })
})
