import { readFile } from 'node:fs/promises'
import { defineCommand } from 'citty'
import { applyManagedConfig, legacyBlockNotice } from '../codex/apply-managed-config'
import { codexConfigPath } from '../codex/codex-config-file'
import { managedModel } from '../codex/managed-config'
import { availableSlugs, resolveModelChoice } from '../codex/resolve-model-choice'
import { loadCatalogInput } from '../load-catalog-input'
import { codexHome } from '../paths'
import { prepareGateway } from '../prepare-gateway'
import { ui } from '../ui'
import { UserError } from '../user-error'
import { globalArgs, parsePort } from './_args'

const list = defineCommand({
  meta: { name: 'list', description: 'List the slugs Codex can use; * marks the one the managed block selects\n\nExample:\n  codex-shim model list' },
  args: { ...globalArgs },
  async run({ args }) {
    const { input } = await loadCatalogInput(args.settings)
    const slugs = availableSlugs(input)
    if (slugs.length === 0) throw new UserError('No models available.', 'Add models to models.json, or run `codex login` for the gpt-5.5 passthrough.')
    const active = managedModel(await readFile(codexConfigPath(codexHome()), 'utf8').catch(() => ''))
    for (const slug of slugs) ui.out(`${slug === active ? '*' : ' '} ${slug}`)
  },
})

const use = defineCommand({
  meta: {
    name: 'use',
    description: 'Make SLUG the model Codex uses (writes only the managed block; starts the gateway if needed)\n\nExamples:\n  codex-shim model use deepseek-chat\n  codex-shim model use claude',
  },
  args: { ...globalArgs, slug: { type: 'positional', description: 'A slug, upstream model name, or part of a display name', required: true } },
  async run({ args }) {
    const { input } = await loadCatalogInput(args.settings)
    const slug = resolveModelChoice(input, args.slug)
    const { context } = await prepareGateway({ settingsFlag: args.settings, port: parsePort(args.port) })
    const change = await applyManagedConfig(context, slug)
    ui.success(`Codex now uses ${slug} (${change.path}).`)
    const notice = legacyBlockNotice(change)
    if (notice) ui.info(notice)
  },
})

export default defineCommand({
  meta: { name: 'model', description: 'List models or choose the one Codex uses\n\nExamples:\n  codex-shim model list\n  codex-shim model use SLUG' },
  subCommands: { list, use },
})
