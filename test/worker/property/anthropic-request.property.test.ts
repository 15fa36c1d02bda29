import fc from 'fast-check'
import { expect, test } from 'vitest'
import type { ResolvedModel } from '../../../shared/host-protocol'
import { withoutControlCharacters } from '../../../worker/canonical/control-characters'
import { unpackReasoning, upstreamOrigin } from '../../../worker/canonical/reasoning-envelope'
import { GatewayError } from '../../../worker/http/gateway-error'
import { buildAnthropicRequest } from '../../../worker/upstreams/anthropic/anthropic-request'
import { anthropicToolUseId } from '../../../worker/upstreams/anthropic/tool-use-id'
import { validateAnthropicRequest } from '../../kit/anthropic-request-validator'
import { anthropicModel, anthropicModels } from './request-models'
import { requestArbitraries } from './responses-request-arbitraries'
import { jsonContains, textsThatMustArrive } from './request-texts'

/**
 * Issue 13, fuzzing: arbitrary valid Responses requests through the Anthropic adapter. Anthropic's structural
 * rules (test/kit/anthropic-request-validator.ts) must accept every request it builds; no text and no call may be
 * lost; the only thinking blocks sent are the ones this upstream signed, unchanged; and a request with one mistake
 * is refused with a 400 naming its JSON path. The bugs these properties found are written down as plain tests in
 * found-by-fuzzing.test.ts.
 */
type Json = Record<string, unknown>
type Block = Json & { type: string }
type Request = Json & { messages: { role: string; content: Block[] }[]; system?: Block[] }

const ORIGIN = upstreamOrigin(anthropicModel.provider, anthropicModel.baseUrl)
const CALL_TYPES = new Set([
  'function_call',
  'custom_tool_call',
  'local_shell_call',
  'computer_call',
  'apply_patch_call',
])
const arbitraries = requestArbitraries()

function translate(body: Json, model: ResolvedModel) {
  const plan = buildAnthropicRequest(structuredClone(body), model)
  return { plan, request: JSON.parse(plan.body) as Request }
}

/** The thinking blocks this upstream signed in the history: the only ones that may be sent back. */
function signedBlocks(body: Json): string[] {
  const items = Array.isArray(body.input) ? (body.input as Json[]) : []
  return items.flatMap((item) => {
    const envelope = item.type === 'reasoning' ? unpackReasoning(item.encrypted_content) : undefined
    return envelope?.origin === ORIGIN && envelope.state.kind === 'anthropic'
      ? envelope.state.blocks.map((block) => JSON.stringify(block))
      : []
  })
}

const toolUseIdOf = (call: Json) => anthropicToolUseId(withoutControlCharacters(String(call.call_id)))

function expectFaithfulRequest(body: Json, model: ResolvedModel): void {
  const { request } = translate(body, model)
  expect(validateAnthropicRequest(request)).toEqual([])
  const sent = { system: request.system, messages: request.messages }
  for (const text of textsThatMustArrive(body))
    expect(jsonContains(sent, text), `lost: ${JSON.stringify(text)}`).toBe(true)
  const blocks = request.messages.flatMap((message) => message.content)
  const calls = (Array.isArray(body.input) ? (body.input as Json[]) : []).filter((item) =>
    CALL_TYPES.has(String(item.type)),
  )
  // Every call is sent, each under an id of its own: the client's (made valid), numbered when the client used it
  // in an earlier turn too (Kimi's restart every response).
  const toolUses = blocks.filter((block) => block.type === 'tool_use').map((block) => String(block.id))
  expect(new Set(toolUses).size).toBe(toolUses.length)
  const unnumbered = toolUses.map((id) =>
    calls.find((item) => toolUseIdOf(item) === id) ? id : id.replace(/_\d+$/, ''),
  )
  expect(unnumbered.sort()).toEqual(calls.map(toolUseIdOf).sort())
  const signed = signedBlocks(body)
  for (const block of blocks.filter((entry) => entry.type === 'thinking' || entry.type === 'redacted_thinking'))
    expect(signed).toContain(JSON.stringify(block))
}

test('any valid Responses request becomes a Messages request that follows Anthropic’s rules and keeps every text and call', () => {
  fc.assert(fc.property(arbitraries.responsesBody, anthropicModels, expectFaithfulRequest), { numRuns: 1000 })
})

// Where bug 5 was (found-by-fuzzing.test.ts): the second turn's signed thinking ended up mid-turn.
test('a blank message between two assistant turns gives a valid Messages request', () => {
  fc.assert(fc.property(arbitraries.blankBetweenTurns, anthropicModels, expectFaithfulRequest), { numRuns: 1000 })
})

test('a request with one mistake is refused with a 400 that names the JSON path of the mistake', () => {
  fc.assert(
    fc.property(arbitraries.brokenBody, anthropicModels, ({ body, path }, model) => {
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
