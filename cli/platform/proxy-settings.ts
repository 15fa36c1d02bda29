import { envNamesMatching, envValue } from './case-aware-env'

/** The proxies the environment asks for, read the way curl and Go read them. */
export interface ProxySettings {
  /** Proxy for http:// targets (http_proxy, HTTP_PROXY, then ALL_PROXY). */
  http?: string
  /** Proxy for https:// targets (https_proxy, HTTPS_PROXY, then ALL_PROXY); HTTP_PROXY is not used for them. */
  https?: string
  /** Hosts that go direct besides loopback, lower-cased (`*`, `example.com`, `.example.com`, `host:port`). */
  noProxy: string[]
  /** The variables that were set, by the names they were set under; never their values (they may hold passwords). */
  variables: string[]
  /** Values that are not a proxy URL we can use, by variable name. */
  invalid: string[]
}

const SUPPORTED_SCHEMES = new Set(['http:', 'https:', 'socks:', 'socks5:'])

export function proxySettingsFrom(env: NodeJS.ProcessEnv, os: NodeJS.Platform): ProxySettings {
  const variables: string[] = []
  const invalid: string[] = []
  const read = (names: string[]) => {
    for (const name of names) {
      for (const key of envNamesMatching(env, name, os)) {
        if (!variables.includes(key)) variables.push(key)
      }
    }
    for (const name of names) {
      const value = envValue(env, name, os)?.trim()
      if (value === undefined || value === '') continue
      const url = normalizeProxyUrl(value)
      if (url === undefined) invalid.push(name)
      else return url
    }
    return undefined
  }
  // Lower case first, as curl does (upper-case HTTP_PROXY can be set by a web server's CGI `Proxy:` header).
  const all = read(['all_proxy', 'ALL_PROXY'])
  const http = read(['http_proxy', 'HTTP_PROXY']) ?? all
  const https = read(['https_proxy', 'HTTPS_PROXY']) ?? all
  return { http, https, noProxy: noProxyEntries(env, os), variables, invalid: [...new Set(invalid)] }
}

export function isProxyConfigured(settings: ProxySettings): boolean {
  return settings.http !== undefined || settings.https !== undefined
}

/** NO_PROXY under every spelling, merged: on POSIX `NO_PROXY` and `no_proxy` are two variables and tools read either. */
export function noProxyEntries(env: NodeJS.ProcessEnv, os: NodeJS.Platform): string[] {
  const keys =
    os === 'win32'
      ? envNamesMatching(env, 'NO_PROXY', os)
      : ['NO_PROXY', 'no_proxy'].filter((key) => env[key] !== undefined)
  const entries: string[] = []
  for (const key of keys) {
    for (const entry of (env[key] ?? '').split(/[,\s]+/)) {
      const trimmed = entry.trim()
      if (trimmed !== '' && !entries.some((known) => known.toLowerCase() === trimmed.toLowerCase()))
        entries.push(trimmed)
    }
  }
  return entries
}

/**
 * The proxy a request to `target` goes through, or undefined for a direct connection. Loopback is never proxied,
 * whatever NO_PROXY says (as in Go's net/http): a proxy's 127.0.0.1 is not ours, so an Ollama on loopback could only
 * break behind it.
 */
export function proxyFor(target: URL, settings: ProxySettings): string | undefined {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (isLoopbackHost(host)) return undefined
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80)
  if (isExemptByNoProxy(host, port, settings.noProxy)) return undefined
  if (target.protocol === 'https:') return settings.https
  if (target.protocol === 'http:') return settings.http
  return undefined
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    bare === 'localhost' ||
    bare.endsWith('.localhost') ||
    bare === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
  )
}

/** curl's rules: `*` matches all; an entry matches the host or any subdomain (a leading dot changes nothing); `:port` narrows it. */
export function isExemptByNoProxy(host: string, port: number, entries: readonly string[]): boolean {
  for (const raw of entries) {
    const entry = raw.toLowerCase()
    if (entry === '*') return true
    // `[::1]:8080`, `host:8080`, or a bare name or address (an IPv6 address has colons but no port).
    const parts = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+):(\d+)$/.exec(entry)
    const name = (parts?.[1] ?? entry).replace(/^\*?\./, '')
    const entryPort = parts?.[2]
    if (entryPort !== undefined && Number(entryPort) !== port) continue
    if (name !== '' && (host === name || host.endsWith(`.${name}`))) return true
  }
  return false
}

/** `proxy:3128` means http://proxy:3128, as for curl; anything else must be a URL with a scheme undici can dial. */
export function normalizeProxyUrl(value: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
  try {
    const url = new URL(withScheme)
    return SUPPORTED_SCHEMES.has(url.protocol) && url.hostname !== '' ? url.href.replace(/\/$/, '') : undefined
  } catch {
    return undefined
  }
}

/** A proxy URL fit to print: its user name and password (corporate proxies often carry them) are left out. */
export function redactProxyUrl(value: string): string {
  try {
    const url = new URL(value)
    if (url.username === '' && url.password === '') return value
    url.username = '***'
    url.password = ''
    return url.href.replace(/\/$/, '')
  } catch {
    return '(unreadable proxy URL)'
  }
}
