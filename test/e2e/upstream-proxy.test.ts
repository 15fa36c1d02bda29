import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../kit/cli-runner'
import { startForwardProxy, type ForwardProxy } from '../kit/forward-proxy'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { parseSseEvents, validateResponsesStream } from '../kit/responses-stream-validator'
import { startTlsFront } from '../kit/tls-front'
import { TEST_TLS_CERT } from '../kit/tls-fixture'

const KEY = 'sk-through-the-proxy-5e1'
let proxy: ForwardProxy
let tls: Awaited<ReturnType<typeof startTlsFront>>
let gateway: GatewayHarness

/**
 * The gateway behind a forward proxy, as in a company network: `*.upstream.test` exists only for the proxy (it
 * routes the names to the mock upstream on loopback), so an answer at all proves the call went through it.
 */
beforeAll(async () => {
  proxy = await startForwardProxy()
  tls = await startTlsFront(() => ({ host: '127.0.0.1', port: gateway.upstream.port }))
  const certFile = join(await mkdtemp(join(tmpdir(), 'codex-shim-cert-')), 'test-upstream.pem')
  await writeFile(certFile, TEST_TLS_CERT)
  gateway = await startGatewayHarness({
    models: [
      {
        model: 'mock-chat',
        slug: 'via-https',
        provider: 'openai',
        api_key: KEY,
        base_url: 'https://secure.upstream.test/v1',
      },
      {
        model: 'mock-chat',
        slug: 'via-http',
        provider: 'openai',
        api_key: KEY,
        base_url: 'http://plain.upstream.test/v1',
      },
      // The harness's default base_url: the mock upstream on 127.0.0.1.
      { model: 'mock-chat', slug: 'loopback', provider: 'openai', api_key: KEY },
      // Listed in NO_PROXY: the gateway goes to it directly, where the name does not resolve.
      {
        model: 'mock-chat',
        slug: 'exempt',
        provider: 'openai',
        api_key: KEY,
        base_url: 'http://exempt.upstream.test/v1',
      },
    ],
    env: {
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1,localhost,exempt.upstream.test',
      NODE_EXTRA_CA_CERTS: certFile,
    },
  })
  proxy.route('plain.upstream.test', { host: '127.0.0.1', port: gateway.upstream.port })
  proxy.route('exempt.upstream.test', { host: '127.0.0.1', port: gateway.upstream.port })
  proxy.route('secure.upstream.test', { host: '127.0.0.1', port: tls.port })
})
afterAll(async () => {
  await gateway?.stop()
  await tls?.close()
  await proxy?.close()
})

const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }]

function postResponses(slug: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.authHeaders },
    body: JSON.stringify({ model: slug, input, stream: true }),
    signal,
  })
}

async function completedText(slug: string): Promise<string | undefined> {
  const response = await postResponses(slug)
  expect(response.status).toBe(200)
  const events = parseSseEvents(await response.text())
  expect(validateResponsesStream(events)).toEqual([])
  const last = events.at(-1) as { type: string; response?: { output: { content?: { text: string }[] }[] } }
  expect(last.type).toBe('response.completed')
  return last.response?.output[0]?.content?.[0]?.text
}

describe('the gateway’s upstream calls with HTTPS_PROXY / HTTP_PROXY set', () => {
  test('an https:// BYOK upstream is reached through the proxy (CONNECT), with the key', async () => {
    const before = proxy.seen.length
    gateway.upstream.enqueue({ kind: 'chat', text: 'over TLS, through the proxy' })
    expect(await completedText('via-https')).toBe('over TLS, through the proxy')
    expect(proxy.seen.slice(before)).toContainEqual({ kind: 'connect', target: 'secure.upstream.test:443' })
    expect(gateway.upstream.requests.at(-1)).toMatchObject({
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${KEY}` },
    })
  })

  test('an http:// upstream goes to the proxy as an absolute-URI request', async () => {
    const before = proxy.seen.length
    gateway.upstream.enqueue({ kind: 'chat', text: 'plain, through the proxy' })
    expect(await completedText('via-http')).toBe('plain, through the proxy')
    expect(proxy.seen.slice(before)).toEqual([
      { kind: 'absolute', target: 'http://plain.upstream.test/v1/chat/completions' },
    ])
  })

  test('NO_PROXY (and loopback always) exempts a loopback upstream: the proxy sees nothing', async () => {
    const before = proxy.seen.length
    gateway.upstream.enqueue({ kind: 'chat', text: 'straight to loopback' })
    expect(await completedText('loopback')).toBe('straight to loopback')
    expect(proxy.seen.slice(before)).toEqual([])
  })

  test('a host NO_PROXY names is called directly, never through the proxy (which alone could reach it)', async () => {
    const before = proxy.seen.length
    const requestsBefore = gateway.upstream.requests.length
    const response = await postResponses('exempt')
    await response.text()
    expect(response.ok).toBe(false)
    expect(proxy.seen.slice(before)).toEqual([])
    expect(gateway.upstream.requests.length).toBe(requestsBefore)
  })

  test('a client that goes away mid-stream closes the upstream call through the proxy too', async () => {
    gateway.upstream.enqueue({ kind: 'chat', text: 'x'.repeat(200), deltaSize: 1, eventDelayMs: 20 })
    const controller = new AbortController()
    const response = await postResponses('via-http', controller.signal)
    await response.body?.getReader().read()
    const index = gateway.upstream.requests.length - 1
    controller.abort()
    await gateway.upstream.waitForClientClose(index, 5000)
    expect(gateway.upstream.requests[index]?.clientClosedEarly).toBe(true)
  })

  test('doctor shows the route the running gateway uses, without proxy credentials', async () => {
    const doctor = await runCli(['doctor', '--json', '--port', String(gateway.port)], gateway.home.env)
    const proxySection = (
      JSON.parse(doctor.stdout) as { sections: { title: string; lines: { level: string; message: string }[] }[] }
    ).sections.find((section) => section.title === 'Proxy')
    expect(proxySection?.lines).toContainEqual(
      expect.objectContaining({
        message: `the running gateway calls upstreams https through ${proxy.url}, http through ${proxy.url}; direct for loopback, exempt.upstream.test`,
      }),
    )
  })
})
