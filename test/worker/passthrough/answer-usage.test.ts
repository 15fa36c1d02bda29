import { describe, expect, test } from 'vitest'
import anthropicText from '../../../../shared/fixtures/upstream-streams/anthropic/19-anthropic-text.jsonl?raw'
import anthropicThinking from '../../../../shared/fixtures/upstream-streams/anthropic/20-anthropic-thinking-signature-text.jsonl?raw'
import anthropicTool from '../../../../shared/fixtures/upstream-streams/anthropic/21-anthropic-text-then-tool-use-no-args.jsonl?raw'
import azureText from '../../../../shared/fixtures/upstream-streams/chat/08-azure-openai-chat-text-usage.jsonl?raw'
import deepseekReasoning from '../../../../shared/fixtures/upstream-streams/chat/09-deepseek-chat-reasoning-content-tool-call.jsonl?raw'
import groqWhole from '../../../../shared/fixtures/upstream-streams/chat/10-groq-chat-tool-call-whole.jsonl?raw'
import qwenTool from '../../../../shared/fixtures/upstream-streams/chat/11-qwen-dashscope-chat-tool-call.jsonl?raw'
import xaiReasoning from '../../../../shared/fixtures/upstream-streams/chat/12-xai-chat-reasoning-tool-call.jsonl?raw'
import mistralNoIndex from '../../../../shared/fixtures/upstream-streams/chat/13-mistral-chat-tool-call-no-index.jsonl?raw'
import magistralArray from '../../../../shared/fixtures/upstream-streams/chat/14-mistral-magistral-content-array.jsonl?raw'
import ollamaParallel from '../../../../shared/fixtures/upstream-streams/chat/16-ollama-chat-parallel-tool-calls.sse?raw'
import geminiSignatures from '../../../../shared/fixtures/upstream-streams/chat/17-gemini-vertex-openai-compat-parallel-tool-calls-thought-signature.sse?raw'
import anthropicCompat from '../../../../shared/fixtures/upstream-streams/chat/18-anthropic-openai-compat-tool-index-1.sse?raw'
import responsesText from '../../../../shared/fixtures/upstream-streams/responses/01-azure-openai-responses-text.jsonl?raw'
import responsesReasoning from '../../../../shared/fixtures/upstream-streams/responses/02-openai-responses-reasoning-summary-encrypted-function-call.jsonl?raw'
import responsesFunction from '../../../../shared/fixtures/upstream-streams/responses/03-azure-openai-responses-function-call.jsonl?raw'
import responsesShell from '../../../../shared/fixtures/upstream-streams/responses/05-openai-responses-local-shell-call.jsonl?raw'
import responsesPhase from '../../../../shared/fixtures/upstream-streams/responses/06-openai-responses-message-phase.jsonl?raw'
import { anthropicAdapter } from '../../../worker/upstreams/anthropic'
import type { AnthropicTranslationContext } from '../../../worker/upstreams/anthropic/anthropic-context'
import { createUsageReader } from '../../../worker/upstreams/passthrough/answer-usage'
import type { PassthroughFormat } from '../../../worker/upstreams/passthrough/passthrough-errors'
import { anthropicWireText, chatWireText, terminalResponse, translateChatWire, translateWire } from '../helpers/replay'
import { responsesWire } from '../responses/relay-replay'

const anthropicContext: AnthropicTranslationContext = {
  slug: 'claude',
  registry: new Map(),
  origin: 'f00dcafe',
  secrets: [],
  maxTokens: 32000,
}

/** The answer's bytes through the reader in chunks of `size`, as the relay hands them over. */
function readUsage(format: PassthroughFormat, wire: string, size: number) {
  const reader = createUsageReader(format)
  const bytes = new TextEncoder().encode(wire)
  const step = Number.isFinite(size) ? size : bytes.length
  for (let at = 0; at < bytes.length; at += step) reader.observe(bytes.slice(at, at + step))
  return reader.read()
}

/** The counts the log line shows: what the translated routes report for the same stream. */
const logged = (usage: unknown) => {
  const { input_tokens, output_tokens, input_tokens_details } = usage as {
    input_tokens: number
    output_tokens: number
    input_tokens_details?: { cached_tokens?: number }
  }
  return { input_tokens, output_tokens, cached: input_tokens_details?.cached_tokens ?? 0 }
}

const chatStreams = [
  ['Azure, usage-only last chunk', azureText, 'jsonl'],
  ['DeepSeek, cache hits', deepseekReasoning, 'jsonl'],
  ['Groq, usage in x_groq', groqWhole, 'jsonl'],
  ['Qwen', qwenTool, 'jsonl'],
  ['xAI, reasoning outside completion_tokens', xaiReasoning, 'jsonl'],
  ['Mistral', mistralNoIndex, 'jsonl'],
  ['Magistral', magistralArray, 'jsonl'],
  ['Gemini', geminiSignatures, 'sse'],
] as const
/** Recorded without usage: the translator reports zeros, the log line nothing. */
const chatStreamsWithoutUsage = [
  ['Ollama', ollamaParallel],
  ["Anthropic's chat door", anthropicCompat],
] as const
const anthropicStreams = [
  ['text', anthropicText],
  ['thinking', anthropicThinking],
  ['tool use', anthropicTool],
] as const
const responsesStreams = [
  ['text', responsesText],
  ['reasoning and a function call', responsesReasoning],
  ['a function call', responsesFunction],
  ['a local shell call', responsesShell],
  ['message phases', responsesPhase],
] as const

describe.each([{ size: Infinity }, { size: 1 }, { size: 7 }])('recorded streams in $size-byte chunks', ({ size }) => {
  test.each(chatStreams)('chat, %s: the counts the chat translator reports', (_, fixture, kind) => {
    const wire = chatWireText(fixture, kind)
    const translated = terminalResponse(translateChatWire(wire, Number.POSITIVE_INFINITY)).usage
    expect(logged(readUsage('chat', wire, size))).toEqual(logged(translated))
  })

  test.each(chatStreamsWithoutUsage)('chat, %s, recorded without usage: none', (_, fixture) => {
    expect(readUsage('chat', chatWireText(fixture, 'sse'), size)).toBeUndefined()
  })

  test.each(anthropicStreams)('Messages, %s: the prompt from message_start, the output from the end', (_, fixture) => {
    const wire = anthropicWireText(fixture)
    const events = translateWire(anthropicAdapter, anthropicContext, wire, Number.POSITIVE_INFINITY)
    expect(logged(readUsage('messages', wire, size))).toEqual(logged(terminalResponse(events).usage))
  })

  test.each(responsesStreams)('Responses, %s: the usage of response.completed', (_, fixture) => {
    const last = JSON.parse(fixture.trim().split('\n').at(-1) ?? '{}') as { response: { usage: unknown } }
    expect(logged(readUsage('responses', responsesWire(fixture), size))).toEqual(logged(last.response.usage))
  })
})

describe('where the usage sits', () => {
  const delta = (text: string) =>
    `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })}\n\n`
  const start =
    'event: message_start\ndata: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":40,"cache_read_input_tokens":2000,"cache_creation_input_tokens":7,"output_tokens":1}}}\n\n'
  const end =
    'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":321}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n'

  test('a long Anthropic answer: the prompt counts from its first event, the output from its last, chunks forgotten between', () => {
    const middle = Array.from({ length: 2000 }, (_, index) => delta(`word ${index} `)).join('')
    expect(middle.length).toBeGreaterThan(100_000)
    expect(readUsage('messages', start + middle + end, 97)).toMatchObject({
      input_tokens: 2047,
      output_tokens: 321,
      input_tokens_details: { cached_tokens: 2000 },
    })
  })

  test('only the last 16 KB are kept: a usage further from the end is forgotten, so memory stays bounded', () => {
    const early = 'data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":5}}\n\n'
    const chunk = (index: number) => `data: {"choices":[{"delta":{"content":"${'x'.repeat(100)} ${index}"}}]}\n\n`
    const filler = (bytes: number) =>
      Array.from({ length: Math.ceil(bytes / 140) }, (_, index) => chunk(index)).join('')
    expect(readUsage('chat', early + filler(8 * 1024), 64)).toMatchObject({ input_tokens: 5 })
    expect(readUsage('chat', early + filler(20 * 1024), 64)).toBeUndefined()
    expect(readUsage('chat', early + filler(20 * 1024), Number.POSITIVE_INFINITY)).toBeUndefined()
  })

  test('a complete Messages answer: its own usage, not a tool input that has a usage key', () => {
    const answer = {
      id: 'm',
      type: 'message',
      content: [
        {
          type: 'tool_use',
          id: 't',
          name: 'report',
          input: { usage: { input_tokens: 999999, cache_read_input_tokens: 5 } },
        },
      ],
      usage: { input_tokens: 9, output_tokens: 2 },
    }
    expect(readUsage('messages', JSON.stringify(answer), 16)).toMatchObject({ input_tokens: 9, output_tokens: 2 })
  })

  test('a chat answer that ends with an empty usage keeps the last one that counts', () => {
    const wire =
      'data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}\n\ndata: {"choices":[],"usage":{}}\n\ndata: [DONE]\n\n'
    expect(readUsage('chat', wire, 9)).toMatchObject({ input_tokens: 5, output_tokens: 2 })
  })

  test('the word inside a text delta (its quotes escaped) is not taken for the usage', () => {
    const spoof = delta('"usage":{"input_tokens":999999,"output_tokens":999999}')
    expect(readUsage('messages', start + spoof + end, 5)).toMatchObject({ input_tokens: 2047, output_tokens: 321 })
    expect(
      readUsage('chat', `data: {"choices":[{"delta":{"content":${JSON.stringify(spoof)}}}]}\n\n`, 3),
    ).toBeUndefined()
  })

  test('complete JSON answers, as the non-streaming doors relay them', () => {
    const chat = {
      id: 'c',
      choices: [{ message: { content: 'hi' } }],
      usage: { prompt_tokens: 12, completion_tokens: 3 },
    }
    expect(readUsage('chat', JSON.stringify(chat, null, 2), 4)).toMatchObject({ input_tokens: 12, output_tokens: 3 })
    const message = { id: 'm', content: [{ type: 'text', text: 'hi' }], usage: { input_tokens: 9, output_tokens: 2 } }
    expect(readUsage('messages', JSON.stringify(message), 4)).toMatchObject({ input_tokens: 9, output_tokens: 2 })
  })

  test('an answer without usage (a chat server not asked for it) reports none', () => {
    expect(
      readUsage('chat', 'data: {"choices":[{"delta":{"content":"a"}}],"usage":null}\n\ndata: [DONE]\n\n', 8),
    ).toBeUndefined()
    expect(readUsage('responses', 'event: response.created\ndata: {"type":"response.created"}\n\n', 8)).toBeUndefined()
  })
})
