import { access } from 'node:fs/promises'
import type { DaemonContext } from '../daemon/daemon-context'
import { discoverLocalServers } from '../discovery/discover-local-servers'
import { isDiscoveryDisabled } from '../discovery/local-servers'
import { planLocalRows } from '../discovery/plan-local-rows'
import { readModelRows } from '../models-file/read-rows'
import { info, ok, type CheckLine, type CheckSection } from './checks'

/** Local model servers that answer (a list call each, no model runs), and whether models.json has their models. */
export async function localServersCheck(context: DaemonContext): Promise<CheckSection> {
  const title = 'Local model servers'
  if (isDiscoveryDisabled(context.env))
    return { title, lines: [info('not looked for: CODEX_SHIM_DISABLE_DISCOVERY is set')] }
  const [servers, rows, hasFile] = await Promise.all([
    discoverLocalServers(context.env),
    readModelRows(context.settings.path),
    access(context.settings.path).then(
      () => true,
      () => false,
    ),
  ])
  if (servers.length === 0)
    return { title, lines: [info('none found (Ollama, LM Studio, llama.cpp and vLLM on their default ports)')] }
  const plan = planLocalRows(servers, rows)
  const isZeroConfig = !hasFile && !context.settings.isExplicit
  const lines = servers.map((server): CheckLine => {
    const count = `${server.models.length} model${server.models.length === 1 ? '' : 's'}`
    if (isZeroConfig)
      return ok(`${server.label} at ${server.url}: ${count}, served without a models.json until you create one`)
    const missing = server.models.filter((model) => plan.statusOf(server, model) === 'new').length
    if (missing === 0) return ok(`${server.label} at ${server.url}: ${count}, all in models.json`)
    return info(
      `${server.label} at ${server.url}: ${count}, ${missing} not configured`,
      'Run `codex-shim discover --add` to add them to models.json.',
    )
  })
  return { title, lines }
}
