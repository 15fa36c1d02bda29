import { defineCommand } from 'citty'
import { defaultModelSlug, renderOptInCodexConfig, writeCatalogFile } from '../codex/generated-files'
import { writeFileAtomic } from '../atomic-write'
import { loadCatalogInput } from '../load-catalog-input'
import { runtimeFiles, runtimeHome } from '../paths'
import { ui } from '../ui'
import { globalArgs, parsePort } from './_args'

export default defineCommand({
  meta: {
    name: 'generate',
    description:
      'Write the Codex model catalog and an opt-in Codex config into ~/.codex-shim (nothing under ~/.codex changes)\n\n' +
      'Examples:\n  codex-shim generate\n  codex-shim generate --settings ./my-models.json',
  },
  args: { ...globalArgs },
  async run({ args }) {
    const { settings, input } = await loadCatalogInput(args.settings)
    for (const warning of settings.warnings) ui.warn(warning)
    const home = runtimeHome()
    const files = runtimeFiles(home)
    const count = await writeCatalogFile(files.catalog, input)
    const model = defaultModelSlug(input)
    await writeFileAtomic(
      files.codexConfig,
      renderOptInCodexConfig({ catalogPath: files.catalog, port: parsePort(args.port), model, runtimeHome: home }),
    )
    ui.success(`Generated ${count} model ${count === 1 ? 'entry' : 'entries'}.`)
    ui.out(`  catalog: ${files.catalog}`)
    ui.out(`  config:  ${files.codexConfig}`)
    if (count === 0)
      ui.warn('No models yet: add some to models.json, or run `codex login` for the gpt-5.5 passthrough.')
    ui.info('Nothing under ~/.codex was changed.')
  },
})
