/**
 * The host name of a Host header value, lowercased, without port: `[::1]:8765` → `::1`, `Example:80` →
 * `example`. A bare IPv6 address (several colons, no brackets) is kept whole.
 */
export function hostNameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase()
  if (value.startsWith('[')) {
    const end = value.indexOf(']')
    return end === -1 ? value : value.slice(1, end)
  }
  const firstColon = value.indexOf(':')
  if (firstColon !== -1 && firstColon === value.lastIndexOf(':')) return value.slice(0, firstColon)
  return value
}
