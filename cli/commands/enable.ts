import { readFile } from 'node:fs/promises'
import { defineCommand } from 'citty'
import { applyManagedConfig, legacyBlockNotice } from '../codex/apply-managed-config'
import { codexConfigPath } from '../codex/codex-config-file'
import { chooseManagedModel } from '../codex/resolve-model-choice'
import { prepareGateway } from '../prepare-gateway'
import { ui } from '../ui'
import { globalArgs, parsePort } from './_args'

export default defineCommand({
  meta: {
    name: 'enable',
    description:
      'Start the gateway and point Codex at it through a marked block in ~/.codex/config.toml (undo with disable)\n\n' +
      'Examples:\n  codex-shim enable\n  codex-shim enable --port 8766',
  },
  args: { ...globalArgs },
  async run({ args }) {
    const { context, input } = await prepareGateway({ settingsFlag: args.settings, port: parsePort(args.port) })
    const model = chooseManagedModel(input, await readFile(codexConfigPath(context.codexHome), 'utf8').catch(() => ''))
    const change = await applyManagedConfig(context, model)
    ui.success(`Codex now uses codex-shim (model ${model}) via ${change.path}.`)
    const notice = legacyBlockNotice(change)
    if (notice) ui.info(notice)
    if (change.backup) ui.info(`Backup of the previous config: ${change.backup}`)
    ui.info('Undo with `codex-shim disable`.')
    const base = `http://127.0.0.1:${context.port}`
    ui.info('Other clients need the gateway token (`codex-shim token` prints it):')
    ui.info(`  Claude Code:  ANTHROPIC_BASE_URL=${base} ANTHROPIC_AUTH_TOKEN="$(codex-shim token)" claude`)
    ui.info(`  OpenAI SDKs:  baseURL ${base}/v1, apiKey = the token`)
  },
})
