import fc from 'fast-check'
import { expect, test } from 'vitest'
import type { ResolvedModel } from '../../../shared/host-protocol'
import { withoutControlCharacters } from '../../../worker/canonical/control-characters'
import { GatewayError } from '../../../worker/http/gateway-error'
import { buildChatRequest } from '../../../worker/upstreams/openai-chat/chat-request'
import { validateChatRequest } from '../../kit/chat-request-validator'
import { chatModels } from './request-models'
import { requestArbitraries } from './responses-request-arbitraries'
import { jsonContains, textsThatMustArrive } from './request-texts'

/**
 * Issue 13, fuzzing: arbitrary valid Responses requests (Codex's and other clients': every item and tool kind,
 * orphans, reasoning envelopes from this upstream and others) through the chat adapter. The strict validator
 * (the pickiest servers' rules) must accept every request it builds, no text or call may be lost, and a request
 * with one mistake is refused with a 400 naming its JSON path. The bugs these properties found are written down as
 * plain tests in found-by-fuzzing.test.ts.
 */
type Json = Record<string, unknown>
type ChatPayload = Json & { messages: (Json & { tool_calls?: { id: string }[] })[] }

const CALL_TYPES = new Set([
  'function_call',
  'custom_tool_call',
  'local_shell_call',
  'computer_call',
  'apply_patch_call',
])
const arbitraries = requestArbitraries()

function translate(body: Json, model: ResolvedModel) {
  const plan = buildChatRequest(structuredClone(body), model)
  return { plan, payload: JSON.parse(plan.body) as ChatPayload }
}

function expectFaithfulRequest(body: Json, model: ResolvedModel): void {
  const { payload } = translate(body, model)
  expect(validateChatRequest(payload)).toEqual([])
  for (const text of textsThatMustArrive(body))
    expect(jsonContains(payload.messages, text), `lost: ${JSON.stringify(text)}`).toBe(true)
  // Every call in the history is sent as a call, under the id the client knows (cleaned of controls).
  const calls = (Array.isArray(body.input) ? (body.input as Json[]) : []).filter((item) =>
    CALL_TYPES.has(String(item.type)),
  )
  const sent = payload.messages.flatMap((message) => message.tool_calls ?? []).map((call) => call.id)
  expect(sent.sort()).toEqual(calls.map((item) => withoutControlCharacters(String(item.call_id))).sort())
}

test('any valid Responses request becomes a chat request the strictest servers accept, with every text and call in it', () => {
  fc.assert(fc.property(arbitraries.responsesBody, chatModels, expectFaithfulRequest), { numRuns: 1000 })
})

// Where bug 1 was (found-by-fuzzing.test.ts): a blank message between two assistant turns left two assistant
// messages in a row.
test('a blank message between two assistant turns gives a valid chat request', () => {
  fc.assert(fc.property(arbitraries.blankBetweenTurns, chatModels, expectFaithfulRequest), { numRuns: 1000 })
})

test('a request with one mistake is refused with a 400 that names the JSON path of the mistake', () => {
  fc.assert(
    fc.property(arbitraries.brokenBody, chatModels, ({ body, path }, model) => {
      let thrown: unknown
      try {
        translate(body, model)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(GatewayError)
      expect((thrown as GatewayError).status).toBe(400)
      expect((thrown as GatewayError).message.startsWith(`${path}: `), (thrown as GatewayError).message).toBe(true)
    }),
    { numRuns: 1000 },
  )
})
