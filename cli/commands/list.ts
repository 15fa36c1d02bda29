import { defineCommand } from 'citty'
import { isPassthroughListed, isRouterListed, listedCursorModels } from '../../shared/catalog'
import { CHATGPT_PASSTHROUGH_SLUG } from '../../shared/constants'
import { describeModelsSource } from '../discovery/zero-config'
import { loadCatalogInput } from '../load-catalog-input'
import { ui } from '../ui'
import { UserError } from '../user-error'
import { globalArgs } from './_args'

interface ListRow {
  slug: string
  displayName: string
  route: string
}

export default defineCommand({
  meta: {
    name: 'list',
    description:
      'List the model slugs Codex can use, with their display names and routes\n\nExamples:\n  codex-shim list\n  codex-shim list --json',
  },
  args: { ...globalArgs, json: { type: 'boolean', description: 'Print JSON for scripts' } },
  async run({ args }) {
    const { input, settingsPath, source } = await loadCatalogInput(args.settings)
    const rows: ListRow[] = input.models.map((model) => ({
      slug: model.slug,
      displayName: model.displayName,
      route: `${model.model} (${model.provider})`,
    }))
    for (const model of listedCursorModels(input))
      rows.push({ slug: model.slug, displayName: model.displayName, route: `${model.id} (Cursor login, cursor-agent)` })
    if (isRouterListed(input) && input.router) {
      rows.unshift({
        slug: input.router.slug,
        displayName: input.router.displayName,
        route: `auto router over ${input.router.candidateCount} candidate${input.router.candidateCount === 1 ? '' : 's'}`,
      })
    }
    if (isPassthroughListed(input))
      rows.unshift({ slug: CHATGPT_PASSTHROUGH_SLUG, displayName: 'GPT-5.5', route: 'ChatGPT login (passthrough)' })
    if (args.json) {
      ui.out(JSON.stringify(rows, null, 2))
      if (rows.length === 0) process.exitCode = 1
      return
    }
    if (rows.length === 0) {
      throw new UserError(
        `No models available (settings: ${settingsPath}).`,
        'Add models to that file, pass --settings /path/to/models.json, or run `codex login` for the gpt-5.5 passthrough.',
      )
    }
    ui.info(describeModelsSource(source))
    const slugWidth = Math.max(...rows.map((row) => row.slug.length))
    const nameWidth = Math.max(...rows.map((row) => row.displayName.length))
    for (const row of rows) {
      ui.out(
        `${ui.bold(row.slug.padEnd(slugWidth))}  ${row.displayName.padEnd(nameWidth)}  ${ui.dim(`-> ${row.route}`)}`,
      )
    }
  },
})
