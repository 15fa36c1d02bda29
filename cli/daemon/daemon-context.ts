import { DEFAULT_BIND_HOST } from '../../shared/constants'
import { codexHome, runtimeFiles, runtimeHome, settingsLocation, type SettingsLocation } from '../paths'
import { hostPlatform, type Platform } from '../platform'

/** Everything the daemon commands need to know about where things are; resolved once per command. */
export interface DaemonContext {
  home: string
  files: ReturnType<typeof runtimeFiles>
  settings: SettingsLocation
  codexHome: string
  host: string
  port: number
  env: NodeJS.ProcessEnv
  /** The OS seam: tests hand in `os: 'win32'` with fake tasklist/taskkill to check the Windows paths on Linux. */
  platform: Platform
}

export function daemonContext(options: {
  settingsFlag?: string
  port: number
  env?: NodeJS.ProcessEnv
  platform?: Platform
}): DaemonContext {
  const env = options.env ?? process.env
  const home = runtimeHome(env)
  return {
    home,
    files: runtimeFiles(home),
    settings: settingsLocation(options.settingsFlag, env),
    codexHome: codexHome(env),
    host: DEFAULT_BIND_HOST,
    port: options.port,
    env,
    platform: options.platform ?? hostPlatform(env),
  }
}
