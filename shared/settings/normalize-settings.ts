import { jsonParseMessage } from '../json-parse-message'
import { fail, ok, type Result } from '../result'
import { describeValue } from './describe-value'
import type { ModelConfig, Settings } from './model-config'
import { parseModelRow, type ModelRowDraft } from './parse-model-row'
import { parseRouterBlock } from './router-schema'
import type { SettingsError, SettingsProblem } from './settings-error'
import { assignSlugs } from './slugify'

/** Where a settings object keeps its rows, in the order they are looked for (`customModels` is the legacy name). */
const ROW_LIST_KEYS = ['models', 'customModels', 'launchModels', 'launch_models'] as const
const KNOWN_TOP_LEVEL_KEYS = new Set<string>([...ROW_LIST_KEYS, 'router', '$schema', 'comment', '$comment'])

/** Parses the text of a models.json file; `file` only names it in messages. */
export function parseSettingsText(text: string, file: string): Result<Settings, SettingsError> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return fail({ kind: 'invalid_json', file, detail: describeJsonError(error, text) })
  }
  return normalizeSettings(json, file)
}

export function normalizeSettings(json: unknown, file: string): Result<Settings, SettingsError> {
  const problems: SettingsProblem[] = []
  const warnings: string[] = []
  let rows: unknown[] = []
  let rowsPath = ''
  let routerRaw: unknown

  if (Array.isArray(json)) {
    rows = json
  } else if (typeof json === 'object' && json !== null) {
    const top = json as Record<string, unknown>
    const listKey = ROW_LIST_KEYS.find((key) => top[key] !== undefined && top[key] !== null)
    if (listKey !== undefined) {
      const list = top[listKey]
      if (Array.isArray(list)) rows = list
      else problems.push({ path: listKey, message: `expected an array of models, got ${describeValue(list)}` })
      rowsPath = listKey
    }
    routerRaw = top.router
    for (const key of Object.keys(top)) {
      if (!KNOWN_TOP_LEVEL_KEYS.has(key)) warnings.push(`${key}: unknown top-level key, ignored`)
    }
  } else {
    problems.push({ path: '(top level)', message: `expected an object with "models" or an array, got ${describeValue(json)}` })
  }

  const drafts: ModelRowDraft[] = []
  rows.forEach((raw, position) => {
    const parsed = parseModelRow(raw, `${rowsPath}[${position}]`, position)
    problems.push(...parsed.problems)
    warnings.push(...parsed.warnings)
    if (parsed.draft) drafts.push(parsed.draft)
  })

  let router: Settings['router']
  if (routerRaw !== undefined && routerRaw !== null) {
    const parsedRouter = parseRouterBlock(routerRaw, 'router')
    problems.push(...parsedRouter.problems)
    router = parsedRouter.router
  }

  if (problems.length > 0) return fail({ kind: 'invalid', file, problems })

  const slugs = assignSlugs(drafts)
  const models: ModelConfig[] = drafts.map(({ explicitSlug: _explicit, ...draft }, i) => ({ ...draft, slug: slugs[i] ?? '' }))
  return ok({ models, router, warnings })
}

/** JSON.parse reports a character offset; users want a line and column. */
function describeJsonError(error: unknown, text: string): string {
  const message = jsonParseMessage(error)
  const position = /position (\d+)/.exec(message)?.[1]
  if (position === undefined) return message
  const before = text.slice(0, Number(position))
  const line = before.split('\n').length
  const column = Number(position) - before.lastIndexOf('\n')
  return `${message.replace(/ in JSON at position \d+.*$/, '')} (line ${line}, column ${column})`
}
