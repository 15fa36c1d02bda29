import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { startMockUpstream, type MockUpstream } from '../kit/mock-upstream'

/**
 * The gateway translates a Codex turn with the settings it holds while it asks the daemon whether they are still
 * current (routing/prebuilt-plan.ts). A turn right after an edit must still go where the edited models.json says,
 * with the edited model name, key and headers: what was prepared with the old settings is never sent.
 */
let gateway: GatewayHarness
let moved: MockUpstream

beforeAll(async () => {
  moved = await startMockUpstream()
  gateway = await startGatewayHarness({
    models: [{ model: 'before-edit', slug: 'moving', provider: 'openai', api_key: 'sk-before-edit' }],
  })
})
afterAll(async () => {
  await gateway?.stop()
  await moved?.close()
})

const turn = (text: string) =>
  fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.authHeaders },
    body: JSON.stringify({ model: 'moving', input: text, stream: true }),
  }).then((response) => response.text())

test('a turn sent right after models.json moves a slug reaches the new upstream with the new model and key', async () => {
  // Two turns with the old settings, so the gateway holds them and prepares the next turn with them.
  await turn('first')
  await turn('second')
  expect(gateway.upstream.requests).toHaveLength(2)

  await writeFile(
    join(gateway.home.runtimeHome, 'models.json'),
    JSON.stringify({
      models: [
        {
          model: 'after-edit',
          slug: 'moving',
          provider: 'openai',
          base_url: `${moved.url}/v1`,
          api_key: 'sk-after-edit',
          extra_headers: { 'x-edited': 'yes' },
        },
      ],
    }),
  )
  await turn('third')

  expect(gateway.upstream.requests).toHaveLength(2)
  expect(moved.requests).toHaveLength(1)
  const sent = moved.requests[0]
  expect((sent?.json as { model?: string } | undefined)?.model).toBe('after-edit')
  expect(sent?.headers.authorization).toBe('Bearer sk-after-edit')
  expect(sent?.headers['x-edited']).toBe('yes')
  expect(sent?.bodyText).toContain('third')
})

test('a decided codex-auto task whose model moves reaches the new upstream on its next round trip', async () => {
  const row = (upstreamUrl: string, key: string) => ({
    model: `routed-${key}`,
    slug: 'routed',
    provider: 'openai',
    base_url: `${upstreamUrl}/v1`,
    api_key: key,
  })
  // One candidate decides every task at once ('single'), so the isolate remembers the decision and prepares the
  // task's next request for it while the settings are confirmed.
  const settings = (upstreamUrl: string, key: string) =>
    JSON.stringify({
      models: [row(upstreamUrl, key)],
      router: { enabled: true, classifier: 'routed', default: 'routed', candidates: [{ slug: 'routed', cost: 1 }] },
    })
  const routedTurn = (text: string) =>
    fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'session-id': 'moving-thread',
        'x-codex-turn-metadata': JSON.stringify({ turn_id: 'moving-turn' }),
        ...gateway.authHeaders,
      },
      body: JSON.stringify({ model: 'codex-auto', input: text, stream: true }),
    }).then((response) => response.text())

  await writeFile(join(gateway.home.runtimeHome, 'models.json'), settings(gateway.upstream.url, 'sk-routed-before'))
  gateway.upstream.requests.length = 0
  moved.requests.length = 0
  await routedTurn('decided')
  await routedTurn('round trip')
  expect(gateway.upstream.requests).toHaveLength(2)

  await writeFile(join(gateway.home.runtimeHome, 'models.json'), settings(moved.url, 'sk-routed-after'))
  await routedTurn('after the edit')
  expect(gateway.upstream.requests).toHaveLength(2)
  expect(moved.requests).toHaveLength(1)
  expect(moved.requests[0]?.headers.authorization).toBe('Bearer sk-routed-after')
  expect(moved.requests[0]?.bodyText).toContain('after the edit')
})
