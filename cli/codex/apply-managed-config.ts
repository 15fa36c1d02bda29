import { join } from 'node:path'
import { parse } from 'smol-toml'
import { CODEX_PROVIDER_ID } from '../../shared/constants'
import type { DaemonContext } from '../daemon/daemon-context'
import { codexConfigPath, editCodexConfig, readCodexConfig, type ConfigEdit } from './codex-config-file'
import { codexVersion, supportsCatalogUrl } from './codex-binary'
import { hasLegacyManagedBlock, installManagedConfig, isManagedConfigInstalled, managedModel, removeManagedConfig } from './managed-config'
import { tokenCommandAuth } from './provider-settings'

export interface ConfigChange extends ConfigEdit {
  /** The file had the original Python codex-shim's block, which ours replaced. */
  replacedLegacyBlock?: boolean
}

/** Writes (or updates) the managed block in $CODEX_HOME/config.toml for `model`. */
export async function applyManagedConfig(context: DaemonContext, model: string): Promise<ConfigChange> {
  const catalogUrl = supportsCatalogUrl(await codexVersion(context.env)) ? `http://127.0.0.1:${context.port}/v1/models` : undefined
  const settings = { model, catalogPath: context.files.catalog, port: context.port, catalogUrl, auth: tokenCommandAuth(context.home) }
  let replacedLegacyBlock = false
  const change = await editCodexConfig(codexConfigPath(context.codexHome), join(context.home, 'backups'), (current) => {
    replacedLegacyBlock = hasLegacyManagedBlock(current)
    return installManagedConfig(current, settings)
  })
  return { ...change, replacedLegacyBlock }
}

/** The line to print when `change` replaced the original tool's block. */
export function legacyBlockNotice(change: ConfigChange): string | undefined {
  return change.replacedLegacyBlock ? 'Replaced the block the original Python codex-shim wrote; `codex-shim disable` brings back your own settings from before it.' : undefined
}

/** Takes the managed block out again, restoring the user's displaced keys in place. */
export async function removeManagedConfigFile(context: DaemonContext): Promise<ConfigChange> {
  return editCodexConfig(codexConfigPath(context.codexHome), join(context.home, 'backups'), removeManagedConfig)
}

/**
 * A block written before the gateway asked for a token sends none, so Codex would meet 401s after an upgrade:
 * such a block is rewritten (same model) so Codex fetches the token. Anything else is left alone.
 */
export async function refreshStaleManagedConfig(context: DaemonContext): Promise<ConfigChange | undefined> {
  const current = await readCodexConfig(codexConfigPath(context.codexHome))
  const model = managedModel(current)
  if (!isManagedConfigInstalled(current) || model === undefined) return undefined
  const providers = (parse(current) as { model_providers?: Record<string, { auth?: unknown }> }).model_providers
  if (providers?.[CODEX_PROVIDER_ID]?.auth !== undefined) return undefined
  return applyManagedConfig(context, model)
}
