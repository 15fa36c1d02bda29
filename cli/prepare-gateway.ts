import { writeCatalogFile } from './codex/generated-files'
import { daemonContext, type DaemonContext } from './daemon/daemon-context'
import { startBackground, type BackgroundStart } from './daemon/start-background'
import { loadCatalogInput } from './load-catalog-input'
import type { CatalogInput } from '../shared/catalog'
import { ui } from './ui'

export interface PreparedGateway {
  context: DaemonContext
  input: CatalogInput
  started: BackgroundStart
}

/** What `enable`, `app`, `model use` and `codex` need first: a fresh catalog and a running, healthy gateway. */
export async function prepareGateway(options: { settingsFlag?: string; port: number }): Promise<PreparedGateway> {
  const context = daemonContext({ settingsFlag: options.settingsFlag, port: options.port })
  const { settings, input } = await loadCatalogInput(options.settingsFlag)
  for (const warning of settings.warnings) ui.warn(warning)
  await writeCatalogFile(context.files.catalog, input)
  const started = await startBackground(context)
  if (!started.isAlreadyRunning) ui.info(`Started the gateway on ${started.url} (pid ${started.pid}).`)
  return { context, input, started }
}
