import { envNamesMatching } from './case-aware-env'
import { noProxyEntries } from './proxy-settings'

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1']

/**
 * The environment for a child that talks to the gateway (Codex, Codex Desktop), with the loopback names added to
 * NO_PROXY, so that a proxy never captures its calls to 127.0.0.1. Every spelling's entries are merged and kept: on
 * POSIX both `NO_PROXY` and `no_proxy` get the whole list (tools read either one); on Windows, where they are one
 * variable, the spellings a plain copy of the environment can hold are replaced by a single `NO_PROXY` (spawn
 * would otherwise keep whichever sorts first and drop the user's entries).
 */
export function withLoopbackNoProxy(env: NodeJS.ProcessEnv, os: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  const entries = noProxyEntries(env, os)
  for (const host of LOOPBACK_HOSTS) {
    if (!entries.some((entry) => entry.toLowerCase() === host)) entries.push(host)
  }
  const merged = entries.join(',')
  const result: NodeJS.ProcessEnv = { ...env }
  if (os === 'win32') {
    for (const key of envNamesMatching(env, 'NO_PROXY', os)) delete result[key]
    result.NO_PROXY = merged
    return result
  }
  result.NO_PROXY = merged
  result.no_proxy = merged
  return result
}
