import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../atomic-write'
import { UserError } from '../user-error'

/**
 * A deployed gateway Codex can be pointed at. Only the names of the environment variables holding its
 * credentials are kept: the secrets stay in the user's environment, never in a file of ours or in config.toml.
 */
export interface Remote {
  name: string
  /** The gateway's origin, e.g. https://codex-shim.team.example (Codex talks to `<url>/v1`). */
  url: string
  /** Cloudflare Access service token: CF-Access-Client-Id / CF-Access-Client-Secret from these variables. */
  accessClientIdEnv?: string
  accessClientSecretEnv?: string
  /** The gateway's bearer secret, from this variable. */
  tokenEnv?: string
}

const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/

export function remotesFile(runtimeHomeDir: string): string {
  return join(runtimeHomeDir, 'remotes.json')
}

/** Where a remote's catalog is kept, as Codex reads it through `model_catalog_json`. */
export function remoteCatalogFile(runtimeHomeDir: string, name: string): string {
  return join(runtimeHomeDir, 'remotes', name, 'model-catalog.json')
}

export function assertRemoteName(name: string): void {
  if (!NAME.test(name))
    throw new UserError(
      `"${name}" is not a usable remote name.`,
      'Use lower-case letters, digits and dashes, e.g. `team` or `work-eu`.',
    )
}

export async function readRemotes(runtimeHomeDir: string): Promise<Remote[]> {
  let text: string
  try {
    text = await readFile(remotesFile(runtimeHomeDir), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  try {
    const value = JSON.parse(text) as { remotes?: unknown }
    return Array.isArray(value.remotes) ? value.remotes.filter(isRemote) : []
  } catch {
    // The parser's message says where, not what to do; the user needs the second.
    throw new UserError(
      `${remotesFile(runtimeHomeDir)} is not valid JSON.`,
      'Fix or delete it, then add your remotes again with `codex-shim remote add`.',
    )
  }
}

export async function writeRemotes(runtimeHomeDir: string, remotes: readonly Remote[]): Promise<void> {
  await writeFileAtomic(remotesFile(runtimeHomeDir), `${JSON.stringify({ remotes }, null, 2)}\n`, 0o600)
}

function isRemote(value: unknown): value is Remote {
  const candidate = value as Partial<Remote> | null
  return typeof candidate?.name === 'string' && NAME.test(candidate.name) && typeof candidate.url === 'string'
}
