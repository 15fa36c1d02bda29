import { describe, expect, test } from 'vitest'
import { buildAnthropicRequest } from '../../worker/upstreams/anthropic/anthropic-request'
import type { AnthropicBlock, AnthropicRequestBody } from '../../worker/upstreams/anthropic/anthropic-types'
import { buildChatRequest } from '../../worker/upstreams/openai-chat/chat-request'
import { validateChatRequest } from '../kit/chat-request-validator'
import { openAiChatModel, uncachedClaudeModel } from './helpers/test-models'

type Json = Record<string, unknown>
const chatModel = openAiChatModel
const claude = uncachedClaudeModel

const SCREEN = 'data:image/png;base64,U0NSRUVO'
const user = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] })
const computerTurn = (output: Json) => [
  user('click the button'),
  { type: 'computer_call', call_id: 'cu_1', action: { type: 'click', x: 10, y: 20 }, pending_safety_checks: [] },
  { type: 'computer_call_output', call_id: 'cu_1', output },
]

function toChat(input: unknown[]) {
  return JSON.parse(buildChatRequest({ model: 'chat', input }, chatModel).body) as Json & {
    messages: { role: string; content: unknown }[]
  }
}

function toAnthropic(input: unknown[]) {
  return JSON.parse(buildAnthropicRequest({ model: 'claude', input }, claude).body) as AnthropicRequestBody
}

const blocksOfRole = (request: AnthropicRequestBody, role: 'user' | 'assistant') =>
  request.messages.filter((message) => message.role === role).flatMap((message) => message.content)

describe('a computer_call_output whose output is a bare input_image', () => {
  const bare = { type: 'input_image', image_url: SCREEN, detail: 'high' }

  test('reaches a chat upstream as the screenshot, like a computer_screenshot', () => {
    for (const output of [bare, { type: 'computer_screenshot', image_url: SCREEN }]) {
      const payload = toChat(computerTurn(output))
      expect(validateChatRequest(payload)).toEqual([])
      expect(JSON.stringify(payload.messages)).toContain(SCREEN)
    }
  })

  test('reaches Anthropic as an image block inside the tool_result', () => {
    const results = blocksOfRole(toAnthropic(computerTurn(bare)), 'user').filter(
      (block): block is Extract<AnthropicBlock, { type: 'tool_result' }> => block.type === 'tool_result',
    )
    expect(results).toHaveLength(1)
    expect(results[0]?.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'U0NSRUVO' } },
    ])
  })
})

describe('on Anthropic, a tool output whose call is not in the history', () => {
  const orphan = [
    user('what does the screen show?'),
    {
      type: 'function_call_output',
      call_id: 'ghost',
      output: [
        { type: 'input_text', text: 'screen captured' },
        { type: 'input_image', image_url: SCREEN },
      ],
    },
  ]

  test('keeps its images as image blocks in a user message labelled with the call', () => {
    const request = toAnthropic(orphan)
    const blocks = blocksOfRole(request, 'user')
    expect(blocks.some((block) => block.type === 'tool_result')).toBe(false)
    expect(blocks).toContainEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'U0NSRUVO' },
    })
    expect(blocks).toContainEqual({ type: 'text', text: 'Output of tool call ghost:' })
    expect(blocks).toContainEqual({ type: 'text', text: 'screen captured' })
    expect(JSON.stringify(request)).not.toContain('[image]')
  })

  test('with no output at all still says so', () => {
    const request = toAnthropic([user('go'), { type: 'function_call_output', call_id: 'ghost', output: '' }])
    expect(blocksOfRole(request, 'user')).toContainEqual({ type: 'text', text: '(no output)' })
  })
})
