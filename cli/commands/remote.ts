import { readFile } from 'node:fs/promises'
import { defineCommand } from 'citty'
import { parse } from 'smol-toml'
import { activeRemote, applyManagedConfig, removeManagedConfigFile } from '../codex/apply-managed-config'
import { codexConfigPath } from '../codex/codex-config-file'
import { isManagedConfigInstalled, managedModel } from '../codex/managed-config'
import { availableSlugs, chooseManagedModel } from '../codex/resolve-model-choice'
import { daemonContext } from '../daemon/daemon-context'
import { loadCatalogInput } from '../load-catalog-input'
import { fetchRemoteCatalog } from '../remote/fetch-remote-catalog'
import { missingRemoteVariables, remoteProviderId } from '../remote/remote-provider'
import { remoteSlugs } from '../remote/remote-models'
import { assertRemoteName, readRemotes, remoteCatalogFile, writeRemotes, type Remote } from '../remote/remote-store'
import { ui } from '../ui'
import { UserError } from '../user-error'
import { globalArgs, parsePort } from './_args'

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function envName(value: string | undefined, flag: string): string | undefined {
  if (value === undefined || value === '') return undefined
  if (!ENV_NAME.test(value))
    throw new UserError(
      `${flag} takes the name of an environment variable, got "${value}".`,
      `For example: ${flag} CODEX_SHIM_TEAM_TOKEN (the variable holds the secret; the secret itself is never passed).`,
    )
  return value
}

function remoteUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UserError(
      `--url must be the gateway's address, got "${value}".`,
      'For example: --url https://codex-shim.team.example',
    )
  }
  const isLoopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback))
    throw new UserError(
      'A remote gateway must be reached over https.',
      'Credentials would otherwise cross the network in clear text.',
    )
  return url.origin + url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')
}

const add = defineCommand({
  meta: {
    name: 'add',
    description:
      'Point Codex at a deployed gateway: a second managed provider whose credentials Codex reads from environment variables\n\n' +
      'Examples:\n  codex-shim remote add team --url https://codex-shim.team.example --access-client-id-env CF_ACCESS_CLIENT_ID --access-client-secret-env CF_ACCESS_CLIENT_SECRET\n' +
      '  codex-shim remote add team --url https://codex-shim.team.example --token-env CODEX_SHIM_TEAM_TOKEN',
  },
  args: {
    ...globalArgs,
    name: { type: 'positional', description: 'A short name for it (letters, digits, dashes)', required: true },
    url: { type: 'string', description: 'The gateway URL (https)', required: true, valueHint: 'url' },
    'access-client-id-env': {
      type: 'string',
      description: 'Variable holding the Cloudflare Access service token client id',
      valueHint: 'VAR',
    },
    'access-client-secret-env': {
      type: 'string',
      description: 'Variable holding the Cloudflare Access service token secret',
      valueHint: 'VAR',
    },
    'token-env': { type: 'string', description: "Variable holding the gateway's bearer secret", valueHint: 'VAR' },
  },
  async run({ args }) {
    assertRemoteName(args.name)
    const remote: Remote = {
      name: args.name,
      url: remoteUrl(args.url),
      accessClientIdEnv: envName(args['access-client-id-env'], '--access-client-id-env'),
      accessClientSecretEnv: envName(args['access-client-secret-env'], '--access-client-secret-env'),
      tokenEnv: envName(args['token-env'], '--token-env'),
    }
    if ((remote.accessClientIdEnv === undefined) !== (remote.accessClientSecretEnv === undefined)) {
      throw new UserError(
        'A Cloudflare Access service token needs both --access-client-id-env and --access-client-secret-env.',
      )
    }
    if (remote.accessClientIdEnv === undefined && remote.tokenEnv === undefined) {
      throw new UserError(
        'Say how Codex authenticates to the remote.',
        'Pass --access-client-id-env and --access-client-secret-env (Cloudflare Access), or --token-env (a bearer secret).',
      )
    }
    const context = daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) })
    const catalog = await fetchRemoteCatalog(remote, context.env, remoteCatalogFile(context.home, remote.name))
    const others = (await readRemotes(context.home)).filter((entry) => entry.name !== remote.name)
    await writeRemotes(context.home, [...others, remote])
    ui.success(
      `Added remote "${remote.name}" (${remote.url}): ${catalog.models.length} model${catalog.models.length === 1 ? '' : 's'}.`,
    )

    const text = await readFile(codexConfigPath(context.codexHome), 'utf8').catch(() => '')
    const current = isManagedConfigInstalled(text)
      ? {
          model: managedModel(text),
          remote: await activeRemote(context, (parse(text) as { model_provider?: unknown }).model_provider),
        }
      : undefined
    // Keep what the block selects (now with the new provider beside it); with no block yet, use the remote.
    const first = catalog.models[0]?.slug
    if (current?.model !== undefined) await applyManagedConfig(context, current.model, current.remote)
    else if (first !== undefined) {
      await applyManagedConfig(context, first, remote)
      ui.success(`Codex now uses ${first} on remote "${remote.name}" (${codexConfigPath(context.codexHome)}).`)
    }
    const variables = [remote.accessClientIdEnv, remote.accessClientSecretEnv, remote.tokenEnv]
      .filter(Boolean)
      .map((name) => `$${name}`)
    ui.info(
      `Switch models with \`codex-shim model use SLUG --remote ${remote.name}\`. Codex reads the credentials from ${variables.join(', ')}: set them wherever Codex runs.`,
    )
  },
})

const list = defineCommand({
  meta: {
    name: 'list',
    description:
      'List the remotes, their models and whether their credentials are set here\n\nExample:\n  codex-shim remote list',
  },
  args: { ...globalArgs, json: { type: 'boolean', description: 'Print JSON for scripts' } },
  async run({ args }) {
    const context = daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) })
    const rows = await Promise.all(
      (await readRemotes(context.home)).map(async (remote) => ({
        ...remote,
        provider: remoteProviderId(remote.name),
        models: await remoteSlugs(context.home, remote),
        missingVariables: missingRemoteVariables(remote, context.env),
      })),
    )
    if (args.json) return ui.out(JSON.stringify(rows, null, 2))
    if (rows.length === 0) return ui.out('No remotes. Add one with `codex-shim remote add NAME --url https://...`.')
    for (const row of rows) {
      const auth =
        row.tokenEnv !== undefined
          ? `bearer from $${row.tokenEnv}`
          : `Access service token from $${row.accessClientIdEnv} / $${row.accessClientSecretEnv}`
      ui.out(`${ui.bold(row.name)}  ${row.url}  (${auth})`)
      ui.out(`  models: ${row.models.join(', ') || 'none fetched'}`)
      if (row.missingVariables.length > 0)
        ui.out(ui.dim(`  not set in this shell: ${row.missingVariables.map((name) => `$${name}`).join(', ')}`))
    }
  },
})

const remove = defineCommand({
  meta: {
    name: 'remove',
    description: 'Remove a remote and its provider from the managed block\n\nExample:\n  codex-shim remote remove team',
  },
  args: { ...globalArgs, name: { type: 'positional', description: 'The remote to remove', required: true } },
  async run({ args }) {
    const context = daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) })
    const remotes = await readRemotes(context.home)
    const removed = remotes.find((remote) => remote.name === args.name)
    if (removed === undefined)
      throw new UserError(
        `No remote named "${args.name}".`,
        remotes.length === 0 ? 'There are no remotes.' : `Remotes: ${remotes.map((remote) => remote.name).join(', ')}`,
      )
    await writeRemotes(
      context.home,
      remotes.filter((remote) => remote !== removed),
    )
    ui.success(`Removed remote "${removed.name}".`)
    const text = await readFile(codexConfigPath(context.codexHome), 'utf8').catch(() => '')
    if (!isManagedConfigInstalled(text)) return
    const provider = (parse(text) as { model_provider?: unknown }).model_provider
    if (provider !== remoteProviderId(removed.name))
      return void (await applyManagedConfig(context, managedModel(text) ?? '', await activeRemote(context, provider)))
    // Codex was using the removed remote: back to the local gateway's default model, or, with none, no block.
    const { input } = await loadCatalogInput(args.settings)
    const model = availableSlugs(input).length > 0 ? chooseManagedModel(input, '') : undefined
    if (model === undefined) {
      const change = await removeManagedConfigFile(context)
      return ui.info(
        `Codex was using that remote and no local model is configured, so the codex-shim block is gone from ${change.path}.`,
      )
    }
    await applyManagedConfig(context, model)
    ui.info(`Codex was using that remote; it now uses ${model} on the local gateway.`)
  },
})

export default defineCommand({
  meta: {
    name: 'remote',
    description:
      'Point Codex at a gateway deployed for your team (Cloudflare Workers)\n\nExamples:\n  codex-shim remote add team --url https://... --token-env VAR\n  codex-shim remote list',
  },
  subCommands: { add, list, remove },
})
