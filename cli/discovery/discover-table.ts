import { FALLBACK_CONTEXT_WINDOW } from '../../shared/catalog/context-limits'
import { renderTable } from '../text-table'
import type { FoundServer } from './local-model'
import { localModelRow } from './local-model-rows'
import type { LocalRowsPlan } from './plan-local-rows'

const yesNo = (value: boolean | undefined) => (value === undefined ? '?' : value ? 'yes' : 'no')

/** server · model · slug · context · images · tools · whether models.json has it. */
export function discoverTable(servers: readonly FoundServer[], plan: LocalRowsPlan): string[] {
  const rows = servers.flatMap((server) =>
    server.models.map((model) => [
      server.label,
      model.id,
      String(localModelRow(server, model).slug),
      model.contextLength === undefined
        ? `${FALLBACK_CONTEXT_WINDOW / 1000}k (default)`
        : `${Math.round(model.contextLength / 1000)}k`,
      yesNo(model.supportsImages),
      yesNo(model.supportsTools),
      plan.statusOf(server, model) === 'configured' ? 'yes' : 'no',
    ]),
  )
  return renderTable(['server', 'model', 'slug', 'context', 'images', 'tools', 'in models.json'], rows)
}
