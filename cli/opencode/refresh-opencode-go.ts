import { join } from 'node:path'
import { previewGeneratedRows, writeGeneratedRows, type ModelsFileEdit } from '../models-file/edit-models-file'
import type { Row } from '../models-file/merge-generated-rows'
import { readModelRows } from '../models-file/read-rows'
import { createProgressLine } from '../progress-line'
import { ui } from '../ui'
import { listOpencodeModels } from './list-opencode-models'
import { loadModelsDevFacts, type ModelsDevFacts } from './models-dev'
import { OPENCODE_ENDPOINTS, OPENCODE_GO_GENERATED_BY, type OpencodeEndpoint } from './opencode-go-endpoints'
import { opencodeGoRow } from './opencode-go-row'
import { probeOpencodeModels, type ModelProbe } from './probe-opencode-models'
import type { ModelOutcome } from './refresh-table'

export interface RefreshOptions {
  settingsPath: string
  home: string
  baseUrl: string
  apiKey: string
  apiKeyEnv: string
  prefer?: OpencodeEndpoint
  isDryRun: boolean
  isOffline: boolean
  env: NodeJS.ProcessEnv
}

export interface RefreshOutcome {
  probes: ModelProbe[]
  outcomes: Map<string, ModelOutcome>
  facts: ModelsDevFacts
  edit: ModelsFileEdit
}

const isOpencodeGoRow = (row: Row) => row.generated_by === OPENCODE_GO_GENERATED_BY

/**
 * `opencode-go refresh`: list, probe, look the facts up, then replace the `ocgo-*` rows. A model none of whose
 * endpoints could be judged (a timeout, a long rate limit) keeps the row an earlier refresh wrote for it, so a
 * bad minute upstream does not take a working model away.
 */
export async function refreshOpencodeGo(options: RefreshOptions): Promise<RefreshOutcome> {
  ui.info(`Listing OpenCode Go models at ${options.baseUrl} …`)
  const ids = await listOpencodeModels(options.baseUrl, options.apiKey)
  const facts = await loadModelsDevFacts({ home: options.home, isOffline: options.isOffline, env: options.env })
  ui.info(
    `${ids.length} model${ids.length === 1 ? '' : 's'}: trying each on /chat/completions, /messages and /responses (tiny requests, 4 at a time).`,
  )
  const progress = createProgressLine({
    title: 'Probing',
    total: ids.length * OPENCODE_ENDPOINTS.length,
    env: options.env,
  })
  const probes = await probeOpencodeModels(ids, { ...options, facts, concurrency: 4, timeoutMs: 20_000 }, progress)

  const earlier = new Map(
    (await readModelRows(options.settingsPath)).filter(isOpencodeGoRow).map((row) => [row.model, row]),
  )
  const outcomes = new Map<string, ModelOutcome>()
  const rows: Row[] = []
  for (const probe of probes) {
    const kept = earlier.get(probe.id)
    if (probe.chosen !== undefined) {
      rows.push(
        opencodeGoRow({
          id: probe.id,
          endpoint: probe.chosen,
          baseUrl: options.baseUrl,
          apiKeyEnv: options.apiKeyEnv,
          facts: probe.facts,
        }),
      )
      outcomes.set(probe.id, 'written')
    } else if (
      kept !== undefined &&
      OPENCODE_ENDPOINTS.some((endpoint) => probe.verdicts[endpoint].kind === 'unknown')
    ) {
      rows.push(kept)
      outcomes.set(probe.id, 'kept')
    } else outcomes.set(probe.id, 'skipped')
  }
  const generated = { isReplaced: isOpencodeGoRow, rows }
  const edit = options.isDryRun
    ? await previewGeneratedRows(options.settingsPath, generated)
    : await writeGeneratedRows(options.settingsPath, join(options.home, 'backups'), generated)
  return { probes, outcomes, facts, edit }
}
