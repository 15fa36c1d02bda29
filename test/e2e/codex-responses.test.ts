import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { runCodexExec } from '../kit/codex-exec'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import type { MockReply, RecordedRequest } from '../kit/mock-upstream'

type Item = { type: string; [field: string]: unknown }
const inputOf = (request: RecordedRequest | undefined): Item[] =>
  (request?.json as { input?: Item[] } | undefined)?.input ?? []
const isToolTurn = (request: RecordedRequest) => inputOf(request).some((item) => item.type === 'function_call_output')

/** What a real Responses upstream seals its reasoning with: opaque, long, with characters JSON and base64 both care about. */
const BLOB = `gAAAAABpPDIV-${'Zx9/+q='.repeat(40)}_end`

let gateway: GatewayHarness

beforeAll(async () => {
  gateway = await startGatewayHarness({
    models: [
      {
        model: 'gpt-mock-responses',
        slug: 'luna',
        provider: 'responses',
        api_key: 'sk-responses-mock',
        max_context_limit: 64000,
      },
    ],
  })
})
afterAll(async () => {
  await gateway?.stop()
})
beforeEach(() => {
  gateway.upstream.handle(undefined)
  gateway.upstream.requests.length = 0
})

describe('the real Codex CLI through the gateway to a Responses API upstream', () => {
  test('shell tool loop with reasoning and OpenCode’s trailing cost ping: the upstream’s encrypted_content comes back untouched in turn 2', async () => {
    gateway.upstream.handle((request): MockReply => {
      if (!isToolTurn(request)) {
        return {
          kind: 'responses',
          reasoning: { id: 'rs_mock_1', summary: 'I will run the command first.', encryptedContent: BLOB },
          toolCalls: [
            { callId: 'call_resp_1', name: 'exec_command', arguments: '{"cmd":"echo hello-from-responses"}' },
          ],
          usage: { input_tokens: 1000, output_tokens: 40, cached_tokens: 200, reasoning_tokens: 16 },
          costPing: '0.00012345',
        }
      }
      // A real upstream refuses reasoning it did not seal, or sealed differently.
      const reasoning = inputOf(request).find((item) => item.type === 'reasoning')
      if (reasoning?.encrypted_content !== BLOB || reasoning.id !== 'rs_mock_1') {
        return {
          kind: 'status',
          status: 400,
          body: {
            error: {
              message: 'The encrypted content for item rs_mock_1 could not be verified.',
              type: 'invalid_request_error',
              code: 'invalid_encrypted_content',
            },
          },
        }
      }
      return {
        kind: 'responses',
        text: 'It printed hello-from-responses.',
        usage: { input_tokens: 1100, output_tokens: 10, cached_tokens: 900 },
        costPing: '0.0002',
      }
    })
    const run = await runCodexExec({
      gateway,
      model: 'luna',
      prompt: 'Run echo hello-from-responses',
      config: { model_reasoning_effort: '"high"' },
    })
    expect(run.stdout + run.stderr).not.toContain('could not be verified')
    expect(run.exitCode).toBe(0)
    expect(run.lastMessage).toContain('It printed hello-from-responses.')

    const [turn1] = gateway.upstream.requests
    expect(turn1?.path).toBe('/v1/responses')
    expect(turn1?.headers.authorization).toBe('Bearer sk-responses-mock')
    expect(turn1?.json).toMatchObject({
      model: 'gpt-mock-responses',
      stream: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: expect.any(String),
      reasoning: { effort: 'high' },
    })
    const turn2 = gateway.upstream.requests.find(isToolTurn)
    expect(turn2?.bodyText).toContain(JSON.stringify(BLOB))
    const output = inputOf(turn2).find((item) => item.type === 'function_call_output')
    expect(output).toMatchObject({ call_id: 'call_resp_1' })
    expect(String(output?.output)).toContain('hello-from-responses')

    const command = run.events.find(
      (event) =>
        event.type === 'item.completed' && (event.item as { type?: string } | undefined)?.type === 'command_execution',
    )
    expect(command?.item).toMatchObject({ exit_code: 0 })
    const completed = run.events.find((event) => event.type === 'turn.completed') as
      | { usage?: Record<string, number> }
      | undefined
    expect(completed?.usage).toMatchObject({ input_tokens: 2100, cached_input_tokens: 1100, output_tokens: 50 })
  })

  test('an upstream that refuses the key is shown to Codex at once, with the upstream’s words', async () => {
    gateway.upstream.handle(() => ({
      kind: 'status',
      status: 401,
      body: {
        error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' },
      },
    }))
    const run = await runCodexExec({ gateway, model: 'luna', prompt: 'hi' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout + run.stderr).toContain(
      'luna: the upstream rejected the API key (401): Incorrect API key provided',
    )
    expect(gateway.upstream.requests).toHaveLength(1)
  })
})
