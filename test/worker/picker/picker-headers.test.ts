import { describe, expect, test } from 'vitest'
import { pageContentSecurityPolicy } from '../../../worker/picker/security-headers'
import { callGateway } from '../helpers/gateway'
import { signIn } from './picker-kit'

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/)
        return [name, values.join(' ')]
      }),
  )
}

describe('the Content-Security-Policy', () => {
  test('allows only nonce’d scripts and styles, talks to itself only, and forbids framing', () => {
    const policy = directives(pageContentSecurityPolicy('abc123'))
    expect(policy.get('default-src')).toBe("'none'")
    expect(policy.get('script-src')).toBe("'nonce-abc123'")
    expect(policy.get('style-src')).toBe("'nonce-abc123'")
    expect(policy.get('connect-src')).toBe("'self'")
    expect(policy.get('frame-ancestors')).toBe("'none'")
    expect(policy.get('form-action')).toBe("'none'")
    expect(policy.get('base-uri')).toBe("'none'")
    expect(pageContentSecurityPolicy('abc123')).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
  })

  test('the page’s every <script> and <style> carries the nonce its header names, and nothing loads from elsewhere', async () => {
    const cookie = await signIn()
    const response = await callGateway('/picker', { token: null, headers: { cookie } })
    const nonce = /script-src 'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1]
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    const html = await response.text()
    const tags = [...html.matchAll(/<(script|style)\b([^>]*)>/g)]
    expect(tags.map((tag) => tag[1])).toEqual(['style', 'script'])
    for (const tag of tags) expect(tag[2]).toBe(` nonce="${nonce}"`)
    expect(html).not.toMatch(/\s(src|href)="(?!data:)/)
    expect(html).not.toContain('@import')
  })

  test('each page gets its own nonce and CSRF token', async () => {
    const cookie = await signIn()
    const first = await callGateway('/picker', { token: null, headers: { cookie } })
    const second = await callGateway('/picker', { token: null, headers: { cookie } })
    expect(first.headers.get('content-security-policy')).not.toBe(second.headers.get('content-security-policy'))
    const csrf = (html: string) => /codex-shim-csrf" content="([^"]+)"/.exec(html)?.[1]
    expect(csrf(await first.text())).not.toBe(csrf(await second.text()))
  })

  test.each([['/picker'], ['/api/models'], ['/api/activity']])(
    '%s answers carry DENY framing, nosniff, no-referrer and no-store',
    async (path) => {
      const cookie = await signIn()
      const response = await callGateway(path, { token: null, headers: { cookie } })
      expect(response.status).toBe(200)
      expect(response.headers.get('x-frame-options')).toBe('DENY')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    },
  )

  test('refusals on the picker’s paths carry them too', async () => {
    const response = await callGateway('/api/models', { token: null })
    expect(response.status).toBe(401)
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
  })

  test.each([
    ['GET', '/api/models'],
    ['OPTIONS', '/api/switch'],
    ['POST', '/api/switch'],
    ['GET', '/picker'],
  ])('no CORS header on %s %s', async (method, path) => {
    const cookie = await signIn()
    const response = await callGateway(path, {
      token: null,
      method,
      headers: {
        cookie,
        origin: 'http://127.0.0.1:9999',
        'access-control-request-method': 'POST',
        'content-type': 'application/json',
      },
      ...(method === 'POST' ? { body: '{}' } : {}),
    })
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([])
  })
})
