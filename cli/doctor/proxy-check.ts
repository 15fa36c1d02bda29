import type { DaemonIdentity } from '../daemon/control-channel'
import type { DaemonContext } from '../daemon/daemon-context'
import {
  isBypassed,
  isProxyConfigured,
  noProxyEntries,
  persistVariableCommand,
  proxySettingsFrom,
  readWindowsSystemProxy,
  redactProxyUrl,
  setVariableCommand,
  systemProxyUrl,
  userShell,
  type ProxySettings,
} from '../platform'
import { info, ok, warn, type CheckLine, type CheckSection } from './checks'

const LOOPBACK = ['127.0.0.1', 'localhost', '::1']

/**
 * Both directions a proxy can break: Codex's calls to the gateway (loopback must bypass it) and the gateway's calls
 * to the providers (they go through it when HTTPS_PROXY/HTTP_PROXY are set where the gateway runs). On Windows the
 * WinINET system proxy (Clash, V2Ray) is read too. Hints are in the syntax of the shell the user runs.
 */
export async function proxyCheck(context: DaemonContext, running: DaemonIdentity | undefined): Promise<CheckSection> {
  const { platform } = context
  const shell = userShell(context.env, platform.os)
  const settings = proxySettingsFrom(context.env, platform.os)
  const system = await readWindowsSystemProxy(platform)
  const lines: CheckLine[] = []
  for (const name of settings.invalid)
    lines.push(
      warn(
        `${name} is not a proxy URL the gateway can use (http://, https://, socks5://)`,
        `Fix it, e.g. ${setVariableCommand(name, 'http://proxy.example:3128', shell)}`,
      ),
    )

  if (isProxyConfigured(settings)) {
    const entries = noProxyEntries(context.env, platform.os)
    const missing = LOOPBACK.filter((host) => !entries.some((entry) => entry.toLowerCase() === host))
    // The user's own entries stay in the line to paste.
    const loopback = [...entries, ...missing].join(',')
    lines.push(
      missing.length === 0
        ? ok(`loopback hosts covered by NO_PROXY/no_proxy (proxy set in ${settings.variables.join(', ')})`)
        : warn(
            `${settings.variables.join(', ')} set and NO_PROXY/no_proxy does not include ${missing.join(', ')}: Codex may send gateway traffic to the proxy`,
            `${setVariableCommand('NO_PROXY', loopback, shell)} (codex-shim codex/app add it for the runs they start)`,
          ),
    )
  }
  lines.push(...upstreamLines(settings, running))

  if (system?.isEnabled === true) {
    const server = systemProxyUrl(system, 'https') ?? system.server ?? '?'
    lines.push(
      info(
        `Windows system proxy on: ${redactProxyUrl(server)}${system.autoConfigUrl ? ` (PAC ${system.autoConfigUrl})` : ''}`,
      ),
    )
    if (!isBypassed(system, '127.0.0.1') || !isBypassed(system, 'localhost')) {
      const persist = persistVariableCommand('NO_PROXY', LOOPBACK.join(','), platform.os)
      lines.push(
        warn(
          "the system proxy's bypass list lacks 127.0.0.1 or localhost: Codex Desktop may send its gateway calls to the proxy",
          `Add 127.0.0.1;localhost to the bypass list (Settings, Network, Proxy; or the proxy tool's), or ${persist ?? ''} and restart Codex Desktop.`,
        ),
      )
    }
    if (!isProxyConfigured(settings) && running?.upstreams.https === undefined) {
      lines.push(
        info(
          'the gateway does not use the system proxy: upstream calls go direct',
          `If your providers are reachable only through it: ${setVariableCommand('HTTPS_PROXY', systemProxyUrl(system, 'https') ?? 'http://127.0.0.1:7890', shell)}, then \`codex-shim restart\` from that shell.`,
        ),
      )
    }
  }
  if (lines.length === 0) lines.push(ok('no proxy configured: Codex and the gateway connect directly'))
  return { title: 'Proxy', lines }
}

/** How the running gateway reaches upstreams (from its control channel), else how one started from here would. */
function upstreamLines(here: ProxySettings, running: DaemonIdentity | undefined): CheckLine[] {
  const describe = (upstreams: DaemonIdentity['upstreams']) => {
    const routes = [
      upstreams.https && `https through ${upstreams.https}`,
      upstreams.http && `http through ${upstreams.http}`,
    ]
      .filter(Boolean)
      .join(', ')
    const exempt = ['loopback', ...upstreams.noProxy.filter((entry) => !LOOPBACK.includes(entry.toLowerCase()))].join(
      ', ',
    )
    return routes === '' ? 'directly (no proxy)' : `${routes}; direct for ${exempt}`
  }
  const fromHere: DaemonIdentity['upstreams'] = {
    ...(here.http === undefined ? {} : { http: redactProxyUrl(here.http) }),
    ...(here.https === undefined ? {} : { https: redactProxyUrl(here.https) }),
    noProxy: here.noProxy,
  }
  if (running === undefined) {
    return isProxyConfigured(here) ? [info(`a gateway started from here calls upstreams ${describe(fromHere)}`)] : []
  }
  const lines = [info(`the running gateway calls upstreams ${describe(running.upstreams)}`)]
  if (describe(running.upstreams) !== describe(fromHere)) {
    lines.push(
      warn(
        'the running gateway was started with other proxy settings than this shell has',
        'Run `codex-shim restart` from the shell whose proxy settings it should use.',
      ),
    )
  }
  return lines
}
