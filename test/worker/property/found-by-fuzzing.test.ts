import { expect, test } from 'vitest'
import { packReasoning, upstreamOrigin } from '../../../worker/canonical/reasoning-envelope'
import { buildAnthropicRequest } from '../../../worker/upstreams/anthropic/anthropic-request'
import { buildChatRequest } from '../../../worker/upstreams/openai-chat/chat-request'
import { validateAnthropicRequest } from '../../kit/anthropic-request-validator'
import { validateChatRequest } from '../../kit/chat-request-validator'
import { chatContext, doneItems, translateChatWire } from '../helpers/replay'
import { anthropicModel, chatModel } from './request-models'

/**
 * The bugs the issue 13 properties found, each shrunk to its smallest counterexample and written down as a plain
 * test, so that each stays fixed even if the generators change.
 */
type Json = Record<string, unknown>
const user = (content: unknown): Json => ({ type: 'message', role: 'user', content })
const assistant = (text: string): Json => ({
  type: 'message',
  role: 'assistant',
  content: [{ type: 'output_text', text, annotations: [] }],
})
const developer = (content: unknown): Json => ({ type: 'message', role: 'developer', content })
const signedThinking = (thinking: string): Json => ({
  type: 'reasoning',
  summary: [{ type: 'summary_text', text: thinking }],
  encrypted_content: packReasoning(upstreamOrigin(anthropicModel.provider, anthropicModel.baseUrl), {
    kind: 'anthropic',
    blocks: [{ type: 'thinking', thinking, signature: 'EqQBCgIYAhIM' }],
  }),
})

const chatProblems = (body: Json) => validateChatRequest(JSON.parse(buildChatRequest(body, chatModel).body) as Json)
const anthropicProblems = (body: Json) =>
  validateAnthropicRequest(JSON.parse(buildAnthropicRequest(body, anthropicModel).body) as Json)

// Bug 1 (chat-messages.ts): "no empty content anywhere" holds for "" only. Strict chat servers, and the
// OpenAI-compatible endpoints in front of Claude (wire-formats.md §5 rows 16, 19), refuse whitespace-only
// content; and a message dropped for being empty leaves two assistant messages in a row (row 20).
test('bug 1: an answer that was only a newline is not sent back as whitespace-only assistant content', () => {
  expect(chatProblems({ input: [user('hi'), assistant('\n'), user('and now?')] })).toEqual([])
})

test('bug 1: the same, from a stream: a reasoning model whose answer after its reasoning is "\\n"', () => {
  const chunk = (delta: Json, finish: string | null = null) =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
  const wire = [
    chunk({ reasoning_content: 'The user greets me.' }),
    chunk({ content: '\n' }),
    chunk({}, 'stop'),
    'data: [DONE]\n\n',
  ].join('')
  const context = chatContext({ origin: upstreamOrigin(chatModel.provider, chatModel.baseUrl) })
  const items = doneItems(translateChatWire(wire, Number.POSITIVE_INFINITY, context))
  expect(items.map((item) => item.type)).toEqual(['reasoning', 'message'])
  expect(chatProblems({ input: [user('hi'), ...items, user('and now?')] })).toEqual([])
})

test('bug 1: a whitespace-only user message is not sent as it is', () => {
  expect(chatProblems({ input: [user('hi'), assistant('yes'), user('  ')] })).toEqual([])
})

test('bug 1: an empty user message between two answers does not leave two assistant messages in a row', () => {
  expect(chatProblems({ input: [user('hi'), assistant('one'), user(''), assistant('two'), user('end')] })).toEqual([])
})

test('bug 1 reaches chat through its adapter only: the same request is one Anthropic accepts', () => {
  expect(anthropicProblems({ input: [user('hi'), assistant('\n'), user('and now?')] })).toEqual([])
})

// Bug 2 (chat-tools.ts addTool): a hosted tool is skipped when a tool of its name came first, but a function or
// freeform tool that comes after it is added as well: two tools of one name, which OpenAI ("duplicate function
// names") and Anthropic ("Tool names must be unique") refuse.
test('bug 2: the hosted apply_patch before Codex’s freeform apply_patch gives one apply_patch tool (chat)', () => {
  expect(
    chatProblems({ input: [user('hi')], tools: [{ type: 'apply_patch' }, { type: 'custom', name: 'apply_patch' }] }),
  ).toEqual([])
})

test('bug 2: the same for Anthropic, and for web_search before a function named web_search', () => {
  expect(
    anthropicProblems({
      input: [user('hi')],
      tools: [{ type: 'apply_patch' }, { type: 'custom', name: 'apply_patch' }],
    }),
  ).toEqual([])
  expect(
    anthropicProblems({
      input: [user('hi')],
      tools: [
        { type: 'web_search' },
        { type: 'function', name: 'web_search', parameters: { type: 'object', properties: {} } },
      ],
    }),
  ).toEqual([])
})

// Bug 3 (anthropic-messages.ts, anthropic-request.ts): a history that ends on the assistant's side is a prefill,
// and Anthropic refuses three kinds of it (its messages: tailcallhq/forgecode#1872, anthropics/claude-code#11978,
// tailcallhq/forgecode#1195).
test('bug 3: a final assistant turn ending in whitespace ("final assistant content cannot end with trailing whitespace")', () => {
  expect(anthropicProblems({ input: [user('hi'), assistant('Sure, ')] })).toEqual([])
})

test('bug 3: a final assistant turn without thinking while thinking is on ("must start with a thinking block")', () => {
  expect(anthropicProblems({ input: [user('hi'), assistant('Sure')], reasoning: { effort: 'high' } })).toEqual([])
})

test('bug 3: a final assistant turn holding our thinking while thinking is off ("cannot contain thinking")', () => {
  expect(anthropicProblems({ input: [user('hi'), signedThinking('t'), assistant('Sure')] })).toEqual([])
})

// Bug 4 (tool-use-id.ts, anthropic-messages.ts): Kimi numbers the calls of each response from 0, so the same
// call id comes back in every turn; its Anthropic id is the same each time ("`tool_use` ids must be unique",
// anomalyco/opencode#1279 after a switch from Kimi to Claude). wire-formats.md §5 row 25 asks for one bijective
// id map per conversation.
test('bug 4: a call id Kimi reused in a later turn becomes a tool_use id of its own', () => {
  const call = { type: 'function_call', call_id: 'functions.exec_command:0', name: 'exec_command', arguments: '{}' }
  const output = (text: string) => ({ type: 'function_call_output', call_id: 'functions.exec_command:0', output: text })
  const tools = [{ type: 'function', name: 'exec_command', parameters: { type: 'object', properties: {} } }]
  expect(
    anthropicProblems({ input: [user('hi'), call, output('a'), user('again'), call, output('b')], tools }),
  ).toEqual([])
})

test('bug 4 is Anthropic’s alone: chat servers take a call id again in a later turn', () => {
  const call = { type: 'function_call', call_id: 'functions.exec_command:0', name: 'exec_command', arguments: '{}' }
  const output = (text: string) => ({ type: 'function_call_output', call_id: 'functions.exec_command:0', output: text })
  expect(
    chatProblems({
      input: [user('hi'), call, output('a'), user('again'), call, output('b')],
      tools: [{ type: 'function', name: 'exec_command' }],
    }),
  ).toEqual([])
})

// Bug 5 (anthropic-messages.ts): a message with nothing to say between two assistant turns is dropped after the
// first turn was flushed, so the second is appended to the first, its signed thinking after the first turn's text.
test('bug 5: an empty developer message between two answers keeps the second answer’s thinking at its start', () => {
  expect(
    anthropicProblems({
      input: [user('hi'), assistant('one'), developer(''), signedThinking('t'), assistant('two'), user('go on')],
    }),
  ).toEqual([])
})

// Bugs 6 and 7 (anthropic-request.ts): temperature and top_p are copied as the client sent them.
test('bug 6: temperature and top_p together, which Claude 4.1 and later refuse, are not both sent', () => {
  expect(anthropicProblems({ input: [user('hi')], temperature: 0.2, top_p: 0.9 })).toEqual([])
})

test('bug 7: a temperature above Anthropic’s 0..1 (Responses allows up to 2) is not sent as it is', () => {
  expect(anthropicProblems({ input: [user('hi')], temperature: 1.5 })).toEqual([])
})
