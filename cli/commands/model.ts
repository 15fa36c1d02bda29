import { readFile } from 'node:fs/promises'
import { defineCommand } from 'citty'
import { parse } from 'smol-toml'
import { CODEX_PROVIDER_ID } from '../../shared/constants'
import { applyManagedConfig, legacyBlockNotice } from '../codex/apply-managed-config'
import { codexConfigPath } from '../codex/codex-config-file'
import { managedModel } from '../codex/managed-config'
import { availableSlugs, resolveModelChoice } from '../codex/resolve-model-choice'
import { loadCatalogInput } from '../load-catalog-input'
import type { CatalogInput } from '../../shared/catalog'
import type { Settings } from '../../shared/settings'
import { cursorOfferFor } from '../cursor/cursor-offer'
import { codexHome, runtimeHome } from '../paths'
import { prepareGateway } from '../prepare-gateway'
import { daemonContext } from '../daemon/daemon-context'
import { findRemoteFor, remoteSlugs } from '../remote/remote-models'
import { remoteProviderId } from '../remote/remote-provider'
import { readRemotes } from '../remote/remote-store'
import { ui } from '../ui'
import { UserError } from '../user-error'
import { globalArgs, parsePort } from './_args'

const list = defineCommand({
  meta: {
    name: 'list',
    description:
      'List the slugs Codex can use; * marks the one the managed block selects\n\nExample:\n  codex-shim model list',
  },
  args: { ...globalArgs },
  async run({ args }) {
    const { input } = await loadCatalogInput(args.settings)
    const context = daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) })
    const text = await readFile(codexConfigPath(codexHome()), 'utf8').catch(() => '')
    const active = managedModel(text)
    const activeProvider =
      active === undefined
        ? undefined
        : ((parse(text) as { model_provider?: unknown }).model_provider ?? CODEX_PROVIDER_ID)
    const rows = availableSlugs(input).map((slug) => ({ slug, provider: CODEX_PROVIDER_ID, label: slug }))
    for (const remote of await readRemotes(context.home)) {
      for (const slug of await remoteSlugs(context.home, remote))
        rows.push({ slug, provider: remoteProviderId(remote.name), label: `${slug} (remote ${remote.name})` })
    }
    if (rows.length === 0)
      throw new UserError(
        'No models available.',
        'Add models to models.json, or run `codex login` for the gpt-5.5 passthrough.',
      )
    for (const row of rows) ui.out(`${row.slug === active && row.provider === activeProvider ? '*' : ' '} ${row.label}`)
  },
})

const use = defineCommand({
  meta: {
    name: 'use',
    description:
      'Make SLUG the model Codex uses (writes only the managed block; starts the gateway if needed)\n\nExamples:\n  codex-shim model use deepseek-chat\n  codex-shim model use claude',
  },
  args: {
    ...globalArgs,
    slug: { type: 'positional', description: 'A slug, upstream model name, or part of a display name', required: true },
    remote: {
      type: 'string',
      description: 'Use the model on this remote gateway (see `codex-shim remote`)',
      valueHint: 'name',
    },
  },
  async run({ args }) {
    const context = daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) })
    const { input, settings } = await loadCatalogInput(args.settings)
    // A local model wins, unless a remote is named; a slug only a remote serves goes to that remote.
    const local: { slug?: string; error?: unknown } =
      args.remote === undefined ? await chooseLocal(input, settings, args.slug) : {}
    const remote = local.slug === undefined ? await findRemoteFor(context.home, args.slug, args.remote) : undefined
    if (local.slug === undefined && remote === undefined) throw local.error ?? new UserError(`No model "${args.slug}".`)
    if (remote !== undefined) {
      const change = await applyManagedConfig(context, args.slug, remote)
      return ui.success(`Codex now uses ${args.slug} on remote "${remote.name}" (${change.path}).`)
    }
    const slug = local.slug ?? args.slug
    await prepareGateway({ settingsFlag: args.settings, port: parsePort(args.port) })
    const change = await applyManagedConfig(context, slug)
    ui.success(`Codex now uses ${slug} (${change.path}).`)
    const notice = legacyBlockNotice(change)
    if (notice) ui.info(notice)
  },
})

/** The local model `requested` names, with Cursor's models while cursor-agent can serve them (else why not). */
async function chooseLocal(
  input: CatalogInput,
  settings: Settings,
  requested: string,
): Promise<{ slug?: string; error?: unknown }> {
  const cursor = await cursorOfferFor(settings, requested, process.env, runtimeHome())
  const { cursorModels: _listed, ...rest } = input
  const offered: CatalogInput = cursor.state === 'available' ? { ...rest, cursorModels: cursor.models } : rest
  try {
    return { slug: resolveModelChoice(offered, requested, cursor) }
  } catch (error) {
    return { error }
  }
}

export default defineCommand({
  meta: {
    name: 'model',
    description:
      'List models or choose the one Codex uses\n\nExamples:\n  codex-shim model list\n  codex-shim model use SLUG',
  },
  subCommands: { list, use },
})
