import { join } from 'node:path'
import { stringify } from 'smol-toml'
import { CODEX_PROVIDER_ID } from '../../shared/constants'
import { codexConfigPath, editCodexConfig, type ConfigEdit } from '../codex/codex-config-file'
import { managedModel } from '../codex/managed-config'
import { splitTomlStatements } from '../codex/toml-statements'
import type { DaemonContext } from './daemon-context'

/** The provider name Codex shows for a model the picker chose: the model first, then who serves it. */
export function providerDisplayName(modelDisplayName: string): string {
  return `${modelDisplayName} (codex-shim)`
}

/**
 * Sets `name` in the managed block's `[model_providers.codex_shim]` table, as the original picker did, so Codex
 * shows which model the gateway serves. Only our table's own `name` line is touched: a user's clashing table is
 * commented out while the block is installed, and `disable` removes our table whole, so the exact restore is
 * unaffected. Nothing is written unless the block still selects `slug` (a `model use` in between wins).
 */
export async function setProviderDisplayName(context: DaemonContext, slug: string, name: string): Promise<ConfigEdit> {
  return editCodexConfig(codexConfigPath(context.codexHome), join(context.home, 'backups'), (current) =>
    managedModel(current) === slug ? withProviderName(current, name) : current,
  )
}

/** `text` with our provider table's `name` set to `name` (TOML-quoted by smol-toml), or unchanged without one. */
export function withProviderName(text: string, name: string): string {
  const lines = text.split('\n')
  const statement = splitTomlStatements(lines).find(
    (candidate) =>
      candidate.kind === 'key' &&
      candidate.path.length === 3 &&
      candidate.path[0] === 'model_providers' &&
      candidate.path[1] === CODEX_PROVIDER_ID &&
      candidate.path[2] === 'name',
  )
  if (statement === undefined) return text
  // A CRLF file keeps its line endings: the replaced line gets the CR its first line had.
  const cr = (lines[statement.start] ?? '').endsWith('\r') ? '\r' : ''
  const replacement = stringify({ name }).trimEnd() + cr
  return [...lines.slice(0, statement.start), replacement, ...lines.slice(statement.end + 1)].join('\n')
}
