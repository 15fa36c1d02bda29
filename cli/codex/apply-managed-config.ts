import { join } from 'node:path'
import type { DaemonContext } from '../daemon/daemon-context'
import { codexConfigPath, readCodexConfig, writeCodexConfig } from './codex-config-file'
import { codexVersion, supportsCatalogUrl } from './codex-binary'
import { installManagedConfig, removeManagedConfig } from './managed-config'

export interface ConfigChange {
  path: string
  backup?: string
  isChanged: boolean
}

/** Writes (or updates) the managed block in $CODEX_HOME/config.toml for `model`. */
export async function applyManagedConfig(context: DaemonContext, model: string): Promise<ConfigChange> {
  const path = codexConfigPath(context.codexHome)
  const current = await readCodexConfig(path)
  const catalogUrl = supportsCatalogUrl(await codexVersion(context.env)) ? `http://127.0.0.1:${context.port}/v1/models` : undefined
  const next = installManagedConfig(current, { model, catalogPath: context.files.catalog, port: context.port, catalogUrl })
  const backup = await writeCodexConfig(path, current, next, join(context.home, 'backups'))
  return { path, backup, isChanged: next !== current }
}

/** Takes the managed block out again, restoring the user's displaced keys in place. */
export async function removeManagedConfigFile(context: DaemonContext): Promise<ConfigChange> {
  const path = codexConfigPath(context.codexHome)
  const current = await readCodexConfig(path)
  const next = removeManagedConfig(current)
  const backup = await writeCodexConfig(path, current, next, join(context.home, 'backups'))
  return { path, backup, isChanged: next !== current }
}
