import { join } from 'node:path'
import { parse } from 'smol-toml'
import { CODEX_PROVIDER_ID } from '../../shared/constants'
import type { DaemonContext } from '../daemon/daemon-context'
import { codexConfigPath, editCodexConfig, readCodexConfig, type ConfigEdit } from './codex-config-file'
import { codexVersion, supportsCatalogUrl } from './codex-binary'
import {
  hasLegacyManagedBlock,
  installManagedConfig,
  isManagedConfigInstalled,
  managedModel,
  removeManagedConfig,
} from './managed-config'
import { remoteProviderId, remoteProviderTable } from '../remote/remote-provider'
import { readRemotes, remoteCatalogFile, type Remote } from '../remote/remote-store'
import { tokenCommandAuth } from './provider-settings'

export interface ConfigChange extends ConfigEdit {
  /** The file had the original Python codex-shim's block, which ours replaced. */
  replacedLegacyBlock?: boolean
}

/**
 * Writes (or updates) the managed block in $CODEX_HOME/config.toml for `model`, served by the local gateway or,
 * with `remote`, by that deployed gateway. Every remote added with `codex-shim remote add` gets its provider
 * table, so switching between them only changes the block's top.
 */
export async function applyManagedConfig(
  context: DaemonContext,
  model: string,
  remote?: Remote,
): Promise<ConfigChange> {
  const readsCatalogUrl = supportsCatalogUrl(await codexVersion(context.env))
  const catalogUrl = readsCatalogUrl ? `http://127.0.0.1:${context.port}/v1/models` : undefined
  const remotes = await readRemotes(context.home)
  const settings = {
    model,
    provider: remote === undefined ? undefined : remoteProviderId(remote.name),
    catalogPath: remote === undefined ? context.files.catalog : remoteCatalogFile(context.home, remote.name),
    port: context.port,
    catalogUrl,
    auth: tokenCommandAuth(context.home),
    extraProviders: Object.fromEntries(
      remotes.map((entry) => [
        remoteProviderId(entry.name),
        remoteProviderTable(entry, { catalogUrl: readsCatalogUrl }),
      ]),
    ),
  }
  let replacedLegacyBlock = false
  const change = await editCodexConfig(codexConfigPath(context.codexHome), join(context.home, 'backups'), (current) => {
    replacedLegacyBlock = hasLegacyManagedBlock(current)
    return installManagedConfig(current, settings)
  })
  return { ...change, replacedLegacyBlock }
}

/** The line to print when `change` replaced the original tool's block. */
export function legacyBlockNotice(change: ConfigChange): string | undefined {
  return change.replacedLegacyBlock
    ? 'Replaced the block the original Python codex-shim wrote; `codex-shim disable` brings back your own settings from before it.'
    : undefined
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
  const value = parse(current) as { model_provider?: unknown; model_providers?: Record<string, { auth?: unknown }> }
  if (value.model_providers?.[CODEX_PROVIDER_ID]?.auth !== undefined) return undefined
  return applyManagedConfig(context, model, await activeRemote(context, value.model_provider))
}

/** The remote the block selects, when its `model_provider` is one of ours other than the local gateway. */
export async function activeRemote(context: DaemonContext, provider: unknown): Promise<Remote | undefined> {
  if (typeof provider !== 'string' || provider === CODEX_PROVIDER_ID) return undefined
  return (await readRemotes(context.home)).find((remote) => remoteProviderId(remote.name) === provider)
}
