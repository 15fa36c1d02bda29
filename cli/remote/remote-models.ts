import { readFile } from 'node:fs/promises'
import { UserError } from '../user-error'
import { readRemotes, remoteCatalogFile, type Remote } from './remote-store'

/** The slugs in a remote's saved catalog (fetched by `remote add`); none when it was never fetched. */
export async function remoteSlugs(runtimeHomeDir: string, remote: Remote): Promise<string[]> {
  try {
    const catalog = JSON.parse(await readFile(remoteCatalogFile(runtimeHomeDir, remote.name), 'utf8')) as {
      models?: { slug?: unknown }[]
    }
    return (catalog.models ?? []).map((entry) => entry.slug).filter((slug): slug is string => typeof slug === 'string')
  } catch {
    // Never fetched, or damaged: the remote offers nothing until `remote add` fetches its catalog again.
    return []
  }
}

/** The remote serving `slug`: the one named, else the only remote whose catalog has it. */
export async function findRemoteFor(runtimeHomeDir: string, slug: string, name?: string): Promise<Remote | undefined> {
  const remotes = await readRemotes(runtimeHomeDir)
  if (name !== undefined) {
    const remote = remotes.find((entry) => entry.name === name)
    if (remote === undefined)
      throw new UserError(
        `No remote named "${name}".`,
        remotes.length === 0
          ? 'Add one with `codex-shim remote add NAME --url https://...`.'
          : `Remotes: ${remotes.map((entry) => entry.name).join(', ')}`,
      )
    const slugs = await remoteSlugs(runtimeHomeDir, remote)
    if (!slugs.includes(slug))
      throw new UserError(
        `Remote "${name}" has no model "${slug}".`,
        slugs.length === 0
          ? 'Run `codex-shim remote add` for it again to fetch its catalog.'
          : `Choose one of: ${slugs.join(', ')}`,
      )
    return remote
  }
  const serving: Remote[] = []
  for (const remote of remotes) if ((await remoteSlugs(runtimeHomeDir, remote)).includes(slug)) serving.push(remote)
  if (serving.length > 1)
    throw new UserError(
      `"${slug}" is served by several remotes: ${serving.map((entry) => entry.name).join(', ')}.`,
      'Pick one with --remote NAME.',
    )
  return serving[0]
}
