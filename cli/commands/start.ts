import { defineCommand } from 'citty'
import { refreshStaleManagedConfig } from '../codex/apply-managed-config'
import { writeCatalogFile } from '../codex/generated-files'
import { daemonContext } from '../daemon/daemon-context'
import { startBackground } from '../daemon/start-background'
import { startForeground } from '../daemon/start-foreground'
import { describeModelsSource } from '../discovery/zero-config'
import { loadCatalogInput } from '../load-catalog-input'
import { ui } from '../ui'
import { globalArgs, parsePort } from './_args'

export default defineCommand({
  meta: {
    name: 'start',
    description:
      'Start the gateway on 127.0.0.1 (in the background unless --foreground); returns once /health answers\n\n' +
      'Examples:\n  codex-shim start\n  codex-shim start --port 8766\n  codex-shim start --foreground',
  },
  args: {
    ...globalArgs,
    foreground: { type: 'boolean', description: 'Serve in this terminal until Ctrl-C, logging to stdout' },
    instance: { type: 'string', description: 'Internal: the id the background daemon answers /health with' },
  },
  async run({ args }) {
    const context = daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) })
    // Checked here so a broken models.json fails the command instead of a daemon nobody watches.
    const { settings, input, source } = await loadCatalogInput(args.settings)
    if (args.instance === undefined) {
      for (const warning of settings.warnings) ui.warn(warning)
      await writeCatalogFile(context.files.catalog, input)
      ui.info(describeModelsSource(source))
      if (input.models.length === 0 && !input.isChatgptPassthroughAvailable) {
        ui.warn(
          `No models configured yet: add some to ${context.settings.path} (the gateway picks them up without a restart).`,
        )
      }
      // A config.toml we cannot read or edit must not stop the gateway: the user hears why and starts anyway.
      const refreshed = await refreshStaleManagedConfig(context).catch((error: unknown) => {
        ui.warn(
          `Left ${context.codexHome}/config.toml alone: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        )
        return undefined
      })
      if (refreshed?.isChanged)
        ui.info(
          `Updated the codex-shim block in ${refreshed.path}: Codex now fetches the gateway token with \`codex-shim token\`.`,
        )
    }
    if (args.foreground) return startForeground(context, { spawnedInstance: args.instance })
    const started = await startBackground(context)
    if (started.isAlreadyRunning) ui.success(`Already running on ${started.url} (pid ${started.pid}).`)
    else ui.success(`Started on ${started.url} (pid ${started.pid}).`)
    ui.info(`Logs: ${started.logFile}`)
  },
})
