import { expect, test } from 'vitest'
import { hasDeveloperMessage, withoutDeveloperRoles } from '../../../worker/upstreams/openai-chat/chat-developer-roles'

/** Issue 13: chat-completions clients' `developer` messages, mapped for chat servers that have no such role. */
const m = (role: string, content: unknown) => ({ role, content })

test.each([
  [
    "the original tool's case: developer first becomes system",
    [m('developer', 'be brief'), m('user', 'hi')],
    [m('system', 'be brief'), m('user', 'hi')],
  ],
  [
    'leading system and developer messages become one system message',
    [m('system', 'You are X.'), m('developer', 'be brief'), m('user', 'hi')],
    [m('system', 'You are X.\n\nbe brief'), m('user', 'hi')],
  ],
  [
    'a developer message mid-conversation is user text merged with the next user message',
    [m('user', 'one'), m('assistant', 'ok'), m('developer', 'sandbox changed'), m('user', 'two')],
    [m('user', 'one'), m('assistant', 'ok'), m('user', 'sandbox changed\n\ntwo')],
  ],
  ['one right after a user message joins it', [m('user', 'one'), m('developer', 'note')], [m('user', 'one\n\nnote')]],
  [
    'part lists stay part lists',
    [
      m('user', 'one'),
      m('assistant', 'ok'),
      m('developer', [{ type: 'text', text: 'note' }]),
      m('user', [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } }]),
    ],
    [
      m('user', 'one'),
      m('assistant', 'ok'),
      m('user', [
        { type: 'text', text: 'note' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } },
      ]),
    ],
  ],
  [
    "the client's own messages are left as sent, tool messages and names included",
    [
      m('developer', 'rules'),
      m('user', 'a'),
      m('user', 'b'),
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c', content: 'done' },
    ],
    [
      m('system', 'rules'),
      m('user', 'a'),
      m('user', 'b'),
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c', content: 'done' },
    ],
  ],
])('%s', (_name, messages, expected) => {
  const before = structuredClone(messages)
  expect(hasDeveloperMessage(messages)).toBe(true)
  expect(withoutDeveloperRoles(messages)).toEqual(expected)
  expect(messages).toEqual(before)
})

test('a conversation without a developer message is recognised as needing nothing', () => {
  expect(hasDeveloperMessage([m('system', 's'), m('user', 'u')])).toBe(false)
  expect(hasDeveloperMessage('not a list')).toBe(false)
})
