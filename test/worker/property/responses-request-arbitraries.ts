import fc from 'fast-check'
import { packCompaction } from '../../../worker/canonical/compaction'
import { packReasoning, type ChatReasoningSource } from '../../../worker/canonical/reasoning-envelope'
import { brokenBodyOf } from './broken-requests'
import { historyOf, PNG, type CallKind, type Group, type IdStyle } from './history-items'
import { ANTHROPIC_ORIGIN, CHAT_ORIGINS } from './request-models'
import { textField, toolChoice, TOOLS } from './responses-tools'

/**
 * Responses request bodies as Codex 0.169 and other Responses clients send them (codex-client.md §3,
 * wire-formats.md §1.1-1.4), valid by construction: every value is one the API accepts, every call id is unique
 * unless the id style is Kimi's (which restarts each turn, wire-formats.md §5 row 9), calls and outputs come as
 * Codex pairs them or as orphans (interrupted calls, trimmed histories). Reasoning envelopes are ours, for the
 * upstream under test or another, or foreign blobs. Sizes are kept small so a thousand runs stay fast.
 */

type Json = Record<string, unknown>

/** Words, whitespace, multi-byte text, and the controls strict upstreams refuse (cleaned on the way: control-characters.ts). */
const TOKENS = [
  'hello',
  ' world',
  'fix the bug',
  ' ',
  '\n',
  '\t',
  'é',
  '日本',
  '😀',
  '"',
  '<think>',
  '\u0000',
  '\u001b[31mred\u001b[0m',
] as const

const CHAT_SOURCES: ChatReasoningSource[] = [
  'reasoning_content',
  'reasoning',
  'reasoning_details',
  'think_tag',
  'thinking_parts',
]

/** The generators: every input a Responses client may send, and requests with one mistake in them. */
export function requestArbitraries() {
  const anyText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 5 }).map((parts) => parts.join(''))
  const text = anyText
  const messageText = anyText
  /** Text with something to say: what a prompt the user typed always has. */
  const wordyText = fc
    .tuple(text, fc.constantFrom('hello', 'run the tests', 'why?', 'ok 日本'), text)
    .map((parts) => parts.join(''))

  const imageUrl = fc.constantFrom(
    PNG,
    'https://example.com/cat.jpg',
    'data:image/svg+xml;base64,PHN2Zy8+',
    'data:image/webp;base64,UklGRg==',
  )
  const inputImage = fc.record(
    {
      type: fc.constant('input_image'),
      image_url: imageUrl,
      detail: fc.constantFrom('auto', 'low', 'high', 'original'),
    },
    { requiredKeys: ['type', 'image_url'] },
  )
  const inputText = text.map((value) => ({ type: 'input_text', text: value }))
  const messageInputText = messageText.map((value) => ({ type: 'input_text', text: value }))
  const inputFile = fc.constant({
    type: 'input_file',
    filename: 'notes.pdf',
    file_data: 'data:application/pdf;base64,JVBERi0=',
  })

  const userContent = fc.oneof(
    wordyText,
    fc.array(
      fc.oneof(
        { arbitrary: messageInputText, weight: 4 },
        { arbitrary: inputImage, weight: 2 },
        { arbitrary: inputFile, weight: 1 },
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  const textContent = fc.oneof(messageText, fc.array(messageInputText, { minLength: 1, maxLength: 2 }))
  const assistantContent = fc.oneof(
    messageText,
    fc.array(
      fc.oneof(
        { arbitrary: messageText.map((value) => ({ type: 'output_text', text: value, annotations: [] })), weight: 4 },
        { arbitrary: messageText.map((value) => ({ type: 'refusal', refusal: value })), weight: 1 },
      ),
      { minLength: 1, maxLength: 2 },
    ),
  )

  /** Codex sends `type: "message"` and an id; the EasyInputMessage shorthand has neither. */
  const message = (role: string, content: fc.Arbitrary<unknown>) =>
    fc
      .tuple(content, fc.boolean())
      .map(
        ([value, isShorthand]): Json =>
          isShorthand ? { role, content: value } : { type: 'message', id: 'msg_1', role, content: value },
      )
  const userMessage = message('user', userContent)
  const firstUserMessage = message(
    'user',
    fc.oneof(
      wordyText,
      wordyText.map((value) => [{ type: 'input_text', text: value }]),
    ),
  )
  const instructionMessage = fc.constantFrom('developer', 'system').chain((role) => message(role, textContent))
  const assistantMessage = message('assistant', assistantContent).map((item) => ({
    ...item,
    ...(item.type === undefined ? {} : { status: 'completed', phase: 'commentary' }),
  }))

  const signature = fc.stringMatching(/^[A-Za-z0-9+/]{8,24}$/)
  const encryptedContent = fc.oneof(
    fc
      .record({
        origin: fc.constantFrom(...CHAT_ORIGINS, 'deadbeef'),
        source: fc.constantFrom(...CHAT_SOURCES),
        text,
        details: fc.boolean(),
      })
      .map(({ origin, source, text: value, details }) =>
        packReasoning(origin, {
          kind: 'chat',
          source,
          text: value,
          ...(details ? { details: [{ type: 'reasoning.text', text: value }] } : {}),
        }),
      ),
    // As chat envelopes are written now: the text is the item's summary, whatever the summary holds.
    fc
      .record({ origin: fc.constantFrom(...CHAT_ORIGINS, 'deadbeef'), source: fc.constantFrom(...CHAT_SOURCES) })
      .map(({ origin, source }) => packReasoning(origin, { kind: 'chat', source, isTextInSummary: true })),
    fc
      .record({
        origin: fc.constantFrom(ANTHROPIC_ORIGIN, 'deadbeef'),
        thinking: text,
        signature,
        isRedacted: fc.boolean(),
      })
      .map(({ origin, thinking, signature: sig, isRedacted }) =>
        packReasoning(origin, {
          kind: 'anthropic',
          blocks: [
            isRedacted ? { type: 'redacted_thinking', data: sig } : { type: 'thinking', thinking, signature: sig },
          ],
        }),
      ),
    fc.constantFrom('gAAAAABoOpaqueOpenAiBlob==', 'SHIM-OPAQUE-SIGNATURE-abc123', null),
  )
  const reasoningItem = fc.record(
    {
      type: fc.constant('reasoning'),
      id: fc.constant('rs_1'),
      summary: fc.array(
        text.map((value) => ({ type: 'summary_text', text: value })),
        { maxLength: 2 },
      ),
      content: fc.array(
        text.map((value) => ({ type: 'reasoning_text', text: value })),
        { maxLength: 1 },
      ),
      encrypted_content: encryptedContent,
    },
    { requiredKeys: ['type', 'summary', 'encrypted_content'] },
  )

  /** Items only a Responses server can act on: left out with a note (history-policy.ts). */
  const serverItem = fc.constantFrom<Json>(
    { type: 'compaction', id: 'cmp_1', encrypted_content: 'gAAAAABopaque-openai-compaction' },
    { type: 'compaction', encrypted_content: packCompaction('Earlier: the user asked for a fix.') },
    { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'vitest' } },
    { type: 'compaction_summary', encrypted_content: 'opaque' },
  )

  const callKind = fc.constantFrom<CallKind>(
    'function',
    'function',
    'namespaced',
    'unknown',
    'custom',
    'local_shell',
    'computer',
    'apply_patch',
  )
  const toolOutput = fc.oneof(
    { arbitrary: text, weight: 4 },
    { arbitrary: fc.array(fc.oneof(inputText, inputImage), { minLength: 1, maxLength: 3 }), weight: 1 },
  )
  const patchOperation = fc.oneof(
    fc.record({
      type: fc.constant('create_file'),
      path: fc.constant('hello.txt'),
      diff: fc.constantFrom('+hi\n', '+hi', ''),
    }),
    fc.record({
      type: fc.constant('update_file'),
      path: fc.constant('src/a.ts'),
      diff: fc.constant('@@\n-old\n+new\n'),
    }),
    fc.record({ type: fc.constant('delete_file'), path: fc.constant('gone.txt') }),
  )
  const callArguments = fc.oneof(
    fc
      .dictionary(fc.constantFrom('cmd', 'path', 'n'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })
      .map((args) => JSON.stringify(args)),
    fc.constantFrom('', '{}', 'not json at all', '{"cmd":"echo \u0000"}', '[1,2]'),
  )

  const callPlan = fc.record({
    kind: callKind,
    args: callArguments,
    input: text,
    output: toolOutput,
    operation: patchOperation,
    command: fc.array(fc.constantFrom('ls', '-la', 'echo hé'), { minLength: 1, maxLength: 2 }),
  })

  const group: fc.Arbitrary<Group> = fc.oneof(
    { arbitrary: userMessage.map((item): Group => ({ kind: 'items', items: [item] })), weight: 3 },
    { arbitrary: instructionMessage.map((item): Group => ({ kind: 'items', items: [item] })), weight: 1 },
    {
      arbitrary: fc
        .array(fc.oneof(assistantMessage, reasoningItem), { minLength: 1, maxLength: 3 })
        .map((items): Group => ({ kind: 'items', items })),
      weight: 3,
    },
    { arbitrary: serverItem.map((item): Group => ({ kind: 'items', items: [item] })), weight: 1 },
    {
      arbitrary: fc
        .record(
          {
            preamble: fc.array(fc.oneof(assistantMessage, reasoningItem), { maxLength: 2 }),
            calls: fc.array(callPlan, { minLength: 1, maxLength: 3 }),
            answered: fc.array(
              fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
              { minLength: 3, maxLength: 3 },
            ),
            order: fc.array(fc.nat(), { maxLength: 3 }),
            orphanOutput: fc.option(callPlan, { nil: undefined }),
          },
          { requiredKeys: ['preamble', 'calls', 'answered', 'order'] },
        )
        .map((turn): Group => ({ kind: 'tool_turn', ...turn })),
      weight: 4,
    },
  )

  const input = fc
    .record({
      leading: fc.array(instructionMessage, { maxLength: 2 }),
      first: firstUserMessage,
      groups: fc.array(group, { maxLength: 6 }),
      idStyle: fc.constantFrom<IdStyle>('codex', 'codex', 'anthropic', 'kimi', 'odd'),
    })
    .map(({ leading, first, groups, idStyle }) => [...leading, first, ...historyOf(groups, idStyle)])

  const anyTools = fc.shuffledSubarray(TOOLS, { maxLength: 8 })
  const tools = fc.oneof(fc.constant(undefined), fc.constant([]), anyTools)

  const responsesBody = fc
    .record({
      model: fc.constant('any-slug'),
      instructions: fc.oneof(fc.constant(undefined), fc.constant(null), text, wordyText),
      input: fc.oneof({ arbitrary: input, weight: 9 }, { arbitrary: wordyText, weight: 1 }),
      tools,
      tool_choice: toolChoice,
      parallel_tool_calls: fc.option(fc.boolean(), { nil: undefined }),
      reasoning: fc.option(
        fc.record(
          {
            effort: fc.constantFrom('none', 'minimal', 'low', 'medium', 'high', 'xhigh', null),
            summary: fc.constantFrom('auto', 'concise', 'detailed'),
          },
          { requiredKeys: [] },
        ),
        { nil: undefined },
      ),
      max_output_tokens: fc.option(fc.integer({ min: 16, max: 100_000 }), { nil: undefined }),
      text: fc.option(textField, { nil: undefined }),
      temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), {
        nil: undefined,
      }),
      top_p: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      stream: fc.boolean(),
      store: fc.constant(false),
      include: fc.constant(['reasoning.encrypted_content']),
      prompt_cache_key: fc.option(fc.uuid(), { nil: undefined }),
      service_tier: fc.option(fc.constantFrom('auto', 'priority'), { nil: undefined }),
      client_metadata: fc.option(fc.constant({ turn_id: 't1' }), { nil: undefined }),
    })
    .map((body) => Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Json)

  const brokenBody = brokenBodyOf(responsesBody)

  /**
   * Two assistant turns with a message between them that has nothing to say (empty, whitespace, controls only,
   * or no parts), the second turn opening with thinking this upstream signed: where bug 1 (chat) and bug 5
   * (Anthropic) merge the two turns.
   */
  const blankMessage = fc.constantFrom<Json>(
    { type: 'message', role: 'user', content: '' },
    { role: 'user', content: [] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: '\u0000' }] },
    { type: 'message', role: 'user', content: ' ' },
    { type: 'message', role: 'developer', content: '' },
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '' }] },
  )
  const signedThinking = fc.tuple(wordyText, signature).map(([thinking, sig]) => ({
    type: 'reasoning',
    summary: [{ type: 'summary_text', text: thinking }],
    encrypted_content: packReasoning(ANTHROPIC_ORIGIN, {
      kind: 'anthropic',
      blocks: [{ type: 'thinking', thinking, signature: sig }],
    }),
  }))
  const answer = wordyText.map((value) => ({
    type: 'message',
    role: 'assistant',
    content: [{ type: 'output_text', text: value.trim() === '' ? 'ok' : value.trimEnd(), annotations: [] }],
  }))
  const blankBetweenTurns = fc
    .tuple(
      firstUserMessage,
      answer,
      blankMessage,
      signedThinking,
      answer,
      fc.option(fc.constantFrom('low', 'high'), { nil: undefined }),
    )
    .map(
      ([first, one, blank, thinking, two, effort]): Json => ({
        model: 'any-slug',
        input: [first, one, blank, thinking, two, { type: 'message', role: 'user', content: 'next' }],
        ...(effort === undefined ? {} : { reasoning: { effort } }),
      }),
    )

  return {
    text,
    wordyText,
    userMessage,
    reasoningItem,
    input,
    tools,
    toolChoice,
    responsesBody,
    brokenBody,
    blankBetweenTurns,
  }
}
