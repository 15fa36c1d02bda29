import { join } from 'node:path'
import { defineCommand } from 'citty'
import { discoverLocalServers } from '../discovery/discover-local-servers'
import { discoverTable } from '../discovery/discover-table'
import { localServersToCheck } from '../discovery/local-servers'
import { planLocalRows } from '../discovery/plan-local-rows'
import { writeGeneratedRows } from '../models-file/edit-models-file'
import { readModelRows } from '../models-file/read-rows'
import { runtimeHome, settingsLocation } from '../paths'
import { ui } from '../ui'
import { globalArgs } from './_args'

export default defineCommand({
  meta: {
    name: 'discover',
    description:
      'Find local model servers (Ollama, LM Studio, llama.cpp, vLLM on their default ports) and list their models; --add writes rows for them\n\n' +
      'Examples:\n  codex-shim discover\n  codex-shim discover --add\n  CODEX_SHIM_OLLAMA_URL=http://127.0.0.1:11500 codex-shim discover',
  },
  args: {
    ...globalArgs,
    add: { type: 'boolean', description: 'Write a models.json row for each model found that has none' },
    json: { type: 'boolean', description: 'Print JSON for scripts' },
  },
  async run({ args }) {
    const location = settingsLocation(args.settings)
    const servers = await discoverLocalServers(process.env)
    const plan = planLocalRows(servers, await readModelRows(location.path))
    if (args.json)
      ui.out(
        JSON.stringify(
          servers.map((server) => ({
            ...server,
            models: server.models.map((model) => ({
              ...model,
              inModelsJson: plan.statusOf(server, model) === 'configured',
            })),
          })),
          null,
          2,
        ),
      )
    if (servers.length === 0) {
      const looked = localServersToCheck(process.env).map((server) => `${server.label} at ${server.url}`)
      return ui.info(
        `No local model server answers (looked for ${looked.length > 0 ? looked.join(', ') : 'none: every one is switched off'}).`,
      )
    }
    if (!args.json) for (const line of discoverTable(servers, plan)) ui.out(line)
    for (const server of servers.filter((entry) => entry.models.length === 0))
      ui.info(`${server.label} at ${server.url} runs but offers no chat model.`)
    const missing = servers.flatMap((server) => server.models.filter((model) => plan.statusOf(server, model) === 'new'))
    if (!args.add) {
      if (missing.length > 0)
        ui.info(
          `${missing.length} model${missing.length === 1 ? ' is' : 's are'} not in ${location.path}: \`codex-shim discover --add\` adds ${missing.length === 1 ? 'it' : 'them'}.`,
        )
      return
    }
    const edit = await writeGeneratedRows(location.path, join(runtimeHome(), 'backups'), plan)
    if (!edit.isChanged) return ui.success(`${edit.path} already has every model found.`)
    ui.success(
      `Wrote ${edit.path}: ${edit.added.length} added, ${edit.updated.length} updated, ${edit.removed.length} removed.`,
    )
    if (edit.backup) ui.info(`Backup of the previous file: ${edit.backup}`)
  },
})
