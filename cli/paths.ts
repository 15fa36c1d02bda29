import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'

/** Where this tool keeps its files: models.json, the catalog, pid file, logs, KV state. Never inside the package. */
export function runtimeHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEX_SHIM_HOME ? resolve(expandHome(env.CODEX_SHIM_HOME)) : join(homedir(), '.codex-shim')
}

/** Codex's own directory, honouring CODEX_HOME exactly as Codex does. */
export function codexHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEX_HOME ? resolve(expandHome(env.CODEX_HOME)) : join(homedir(), '.codex')
}

export function expandHome(path: string): string {
  if (path === '~') return homedir()
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir(), path.slice(2))
  return path
}

export interface SettingsLocation {
  path: string
  /** A missing default file means "no models yet"; a missing file the user named is an error. */
  isExplicit: boolean
}

export function settingsLocation(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): SettingsLocation {
  if (flag !== undefined && flag !== '') {
    const expanded = expandHome(flag)
    return { path: isAbsolute(expanded) ? expanded : resolve(expanded), isExplicit: true }
  }
  return { path: join(runtimeHome(env), 'models.json'), isExplicit: false }
}

/** The files this tool writes under its runtime home. */
export function runtimeFiles(home: string) {
  return {
    catalog: join(home, 'model-catalog.json'),
    codexConfig: join(home, 'codex-config.toml'),
    pidFile: join(home, 'daemon.json'),
    /** Held while a daemon starts, so a second launch waits and then reuses it instead of racing for the port. */
    startLock: join(home, 'daemon.start.lock'),
    logDir: join(home, 'logs'),
    logFile: join(home, 'logs', 'gateway.log'),
    kvDir: join(home, 'kv'),
  }
}
