import type { Platform } from './platform'

/** Where WinINET keeps the per-user "system proxy" that Clash, V2Ray and the Settings app switch on. */
export const INTERNET_SETTINGS_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'

export interface WindowsSystemProxy {
  isEnabled: boolean
  /** `host:port`, or per scheme: `http=host:port;https=host:port`. */
  server?: string
  /** ProxyOverride: hosts that bypass the proxy (`localhost;127.*;<local>`). */
  bypass: string[]
  /** A PAC script set instead of (or besides) a fixed proxy. */
  autoConfigUrl?: string
}

/** The system proxy on Windows, from `reg query`; undefined elsewhere or when the key cannot be read. */
export async function readWindowsSystemProxy(
  platform: Pick<Platform, 'os' | 'exec'>,
): Promise<WindowsSystemProxy | undefined> {
  if (platform.os !== 'win32') return undefined
  const result = await platform
    .exec('reg', ['query', INTERNET_SETTINGS_KEY], { timeoutMs: 10_000 })
    .catch(() => undefined)
  return result === undefined ? undefined : parseInternetSettings(result.stdout)
}

/**
 * `reg query` prints the key, then one value per line: four spaces, the name, four spaces, the type, four spaces,
 * the data (`    ProxyEnable    REG_DWORD    0x1`). Names may contain single spaces.
 */
export function parseInternetSettings(output: string): WindowsSystemProxy {
  const values = new Map<string, string>()
  for (const line of output.split(/\r?\n/)) {
    const match = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line)
    if (match?.[1] !== undefined) values.set(match[1].toLowerCase(), (match[3] ?? '').trim())
  }
  const enable = values.get('proxyenable') ?? '0x0'
  const server = values.get('proxyserver') || undefined
  return {
    isEnabled: Number.parseInt(enable, enable.toLowerCase().startsWith('0x') ? 16 : 10) === 1,
    server,
    bypass: (values.get('proxyoverride') ?? '')
      .split(';')
      .map((entry) => entry.trim())
      .filter(Boolean),
    autoConfigUrl: values.get('autoconfigurl') || undefined,
  }
}

/** The proxy WinINET uses for `scheme`, as a URL (`http=127.0.0.1:7890;https=…` or one `host:port` for all). */
export function systemProxyUrl(proxy: WindowsSystemProxy, scheme: 'http' | 'https'): string | undefined {
  if (!proxy.isEnabled || proxy.server === undefined) return undefined
  const parts = proxy.server
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
  const perScheme = parts.find((part) => part.toLowerCase().startsWith(`${scheme}=`))
  const chosen = perScheme?.slice(scheme.length + 1) ?? parts.find((part) => !part.includes('='))
  if (chosen === undefined || chosen === '') return undefined
  return /^[a-z]+:\/\//i.test(chosen) ? chosen : `http://${chosen}`
}

/** Whether the bypass list covers `host` (WinINET wildcards; `<local>` covers names without a dot). */
export function isBypassed(proxy: WindowsSystemProxy, host: string): boolean {
  return proxy.bypass.some((entry) => {
    if (entry.toLowerCase() === '<local>') return !host.includes('.') && !host.includes(':')
    const pattern = new RegExp(
      `^${entry
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    )
    return pattern.test(host)
  })
}
