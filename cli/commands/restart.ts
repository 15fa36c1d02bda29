import { defineCommand } from 'citty'
import { writeCatalogFile } from '../codex/generated-files'
import { daemonContext } from '../daemon/daemon-context'
import { startBackground } from '../daemon/start-background'
import { stopDaemon } from '../daemon/stop-daemon'
import { loadCatalogInput } from '../load-catalog-input'
import { ui } from '../ui'
import { globalArgs, parsePort } from './_args'

export default defineCommand({
  meta: {
    name: 'restart',
    description:
      'Stop the gateway, regenerate the catalog and start it again\n\nExamples:\n  codex-shim restart\n  codex-shim restart --port 8766',
  },
  args: { ...globalArgs },
  async run({ args }) {
    const context = daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) })
    const { input } = await loadCatalogInput(args.settings)
    await stopDaemon(context)
    await writeCatalogFile(context.files.catalog, input)
    const started = await startBackground(context)
    ui.success(`Restarted on ${started.url} (pid ${started.pid}).`)
    ui.info(`Logs: ${started.logFile}`)
  },
})
