import { describe, expect, test } from 'vitest'
import {
  isBypassed,
  parseInternetSettings,
  proxyFor,
  proxySettingsFrom,
  redactProxyUrl,
  setVariableCommand,
  systemProxyUrl,
  userShell,
  withLoopbackNoProxy,
} from '../../../cli/platform'

describe('NO_PROXY for children that call the gateway', () => {
  test('on Windows, every spelling is merged into one NO_PROXY (spawn would keep one and drop the rest)', () => {
    const env = withLoopbackNoProxy({ no_proxy: 'corp', No_Proxy: 'x', Path: 'C:\\Windows' }, 'win32')
    expect(Object.keys(env).filter((key) => key.toUpperCase() === 'NO_PROXY')).toEqual(['NO_PROXY'])
    expect(env.NO_PROXY).toBe('corp,x,127.0.0.1,localhost,::1')
    expect(env.Path).toBe('C:\\Windows')
  })

  test('on POSIX both spellings get the whole list, so a tool reading either keeps the user’s entries', () => {
    const env = withLoopbackNoProxy({ NO_PROXY: 'corp.local', no_proxy: 'build.local' }, 'linux')
    expect(env.NO_PROXY).toBe('corp.local,build.local,127.0.0.1,localhost,::1')
    expect(env.no_proxy).toBe(env.NO_PROXY)
  })
})

describe('which upstream calls go through the proxy', () => {
  const settings = proxySettingsFrom(
    {
      HTTPS_PROXY: 'http://user:secret@proxy.corp:3128',
      http_proxy: 'proxy.corp:8080',
      NO_PROXY: 'internal.corp, .svc.local, api.other:8443, [2001:db8::1]',
    },
    'linux',
  )

  test.each([
    ['https://api.deepseek.com/v1', 'http://user:secret@proxy.corp:3128'],
    ['http://api.example.com/v1', 'http://proxy.corp:8080'],
    ['http://127.0.0.1:11434/v1', undefined],
    ['http://localhost:11434/v1', undefined],
    ['http://[::1]:8000/v1', undefined],
    ['https://internal.corp/v1', undefined],
    ['https://llm.internal.corp/v1', undefined],
    ['https://a.svc.local/v1', undefined],
    ['https://api.other:8443/v1', undefined],
    ['https://api.other/v1', 'http://user:secret@proxy.corp:3128'],
    ['http://[2001:db8::1]:80/v1', undefined],
    ['https://notinternal.corp.evil/v1', 'http://user:secret@proxy.corp:3128'],
  ])('%s → %s', (url, proxy) => {
    expect(proxyFor(new URL(url), settings)).toBe(proxy)
  })

  test('NO_PROXY=* sends everything direct; ALL_PROXY serves both schemes; HTTP_PROXY is not used for https', () => {
    expect(
      proxyFor(new URL('https://x.y'), proxySettingsFrom({ HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }, 'linux')),
    ).toBeUndefined()
    const all = proxySettingsFrom({ ALL_PROXY: 'socks5://127.0.0.1:1080' }, 'linux')
    expect([all.http, all.https]).toEqual(['socks5://127.0.0.1:1080', 'socks5://127.0.0.1:1080'])
    expect(proxySettingsFrom({ HTTP_PROXY: 'http://p:1' }, 'linux').https).toBeUndefined()
  })

  test('Windows reads any spelling once; the variable list has no duplicates', () => {
    const settings = proxySettingsFrom({ Https_Proxy: 'http://p:1', no_proxy: 'corp' }, 'win32')
    expect(settings).toMatchObject({ https: 'http://p:1', noProxy: ['corp'], variables: ['Https_Proxy'] })
  })

  test('a value that is no proxy URL is reported, not used', () => {
    expect(proxySettingsFrom({ HTTPS_PROXY: 'pac://x' }, 'linux')).toMatchObject({
      https: undefined,
      invalid: ['HTTPS_PROXY'],
    })
  })

  test('credentials never reach output', () => {
    expect(redactProxyUrl('http://user:secret@proxy.corp:3128')).toBe('http://***@proxy.corp:3128')
    expect(redactProxyUrl('http://proxy.corp:3128')).toBe('http://proxy.corp:3128')
  })
})

const REG_QUERY = [
  '',
  'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
  '    User Agent    REG_SZ    Mozilla/4.0 (compatible; MSIE 8.0; Win32)',
  '    ProxyEnable    REG_DWORD    0x1',
  '    ProxyServer    REG_SZ    http=127.0.0.1:7890;https=127.0.0.1:7891',
  '    ProxyOverride    REG_SZ    localhost;127.*;10.*;<local>',
  '    EnableNegotiate    REG_DWORD    0x1',
  '',
].join('\r\n')

describe('the Windows system proxy (reg query output)', () => {
  test('is read with its per-scheme servers and bypass list', () => {
    const proxy = parseInternetSettings(REG_QUERY)
    expect(proxy).toMatchObject({ isEnabled: true, bypass: ['localhost', '127.*', '10.*', '<local>'] })
    expect(systemProxyUrl(proxy, 'https')).toBe('http://127.0.0.1:7891')
    expect(systemProxyUrl(proxy, 'http')).toBe('http://127.0.0.1:7890')
    expect(isBypassed(proxy, '127.0.0.1')).toBe(true)
    expect(isBypassed(proxy, 'localhost')).toBe(true)
    expect(isBypassed(proxy, 'api.openai.com')).toBe(false)
  })

  test('switched off, or one server for all schemes', () => {
    const off = parseInternetSettings(REG_QUERY.replace('0x1', '0x0'))
    expect(off.isEnabled).toBe(false)
    expect(systemProxyUrl(off, 'https')).toBeUndefined()
    const single = parseInternetSettings(
      '    ProxyEnable    REG_DWORD    0x1\r\n    ProxyServer    REG_SZ    127.0.0.1:7890\r\n',
    )
    expect(systemProxyUrl(single, 'https')).toBe('http://127.0.0.1:7890')
    expect(isBypassed(single, '127.0.0.1')).toBe(false)
  })
})

describe('hints in the user’s shell', () => {
  test.each([
    [{ PSModulePath: 'x' }, 'win32', 'powershell', '$env:NO_PROXY="127.0.0.1,localhost,::1"'],
    [{ PROMPT: '$P$G' }, 'win32', 'cmd', 'set NO_PROXY=127.0.0.1,localhost,::1'],
    [{ MSYSTEM: 'MINGW64' }, 'win32', 'posix', 'export NO_PROXY=127.0.0.1,localhost,::1'],
    [{ SHELL: '/bin/zsh' }, 'darwin', 'posix', 'export NO_PROXY=127.0.0.1,localhost,::1'],
  ] as const)('%j on %s → %s', (env, os, shell, command) => {
    expect(userShell(env, os)).toBe(shell)
    expect(setVariableCommand('NO_PROXY', '127.0.0.1,localhost,::1', shell)).toBe(command)
  })
})
