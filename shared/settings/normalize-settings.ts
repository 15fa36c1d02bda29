import { jsonParseMessage } from '../json-parse-message'
import { fail, ok, type Result } from '../result'
import { describeValue } from './describe-value'
import type { ModelConfig, Settings } from './model-config'
import { parseModelRow, type ModelRowDraft } from './parse-model-row'
import { cursorSlugProblems, parseCursorBlock } from './cursor-schema'
import { routerReferenceProblems } from './router-references'
import { parseRouterBlock } from './router-schema'
import type { SettingsError, SettingsProblem } from './settings-error'
import { assignSlugs } from './slugify'

/** Where a settings object keeps its rows (`customModels` is the legacy name); all present lists are read, in this order. */
const ROW_LIST_KEYS = ['models', 'customModels', 'launchModels', 'launch_models'] as const
const KNOWN_TOP_LEVEL_KEYS = new Set<string>([...ROW_LIST_KEYS, 'router', 'cursor', '$schema', 'comment', '$comment'])

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
  let rows: { raw: unknown; path: string }[] = []
  let routerRaw: unknown
  let cursorRaw: unknown

  if (Array.isArray(json)) {
    rows = json.map((raw, position) => ({ raw, path: `[${position}]` }))
  } else if (typeof json === 'object' && json !== null) {
    const top = json as Record<string, unknown>
    rows = rowsOfEveryList(top, problems, warnings)
    routerRaw = top.router
    cursorRaw = top.cursor
    for (const key of Object.keys(top)) {
      if (!KNOWN_TOP_LEVEL_KEYS.has(key)) warnings.push(`${key}: unknown top-level key, ignored`)
    }
  } else {
    problems.push({
      path: '(top level)',
      message: `expected an object with "models" or an array, got ${describeValue(json)}`,
    })
  }

  const drafts: ModelRowDraft[] = []
  rows.forEach(({ raw, path }, position) => {
    const parsed = parseModelRow(raw, path, position)
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

  let cursor: Settings['cursor']
  if (cursorRaw !== undefined && cursorRaw !== null) {
    const parsedCursor = parseCursorBlock(cursorRaw)
    problems.push(...parsedCursor.problems)
    cursor = parsedCursor.cursor
  }

  if (problems.length > 0) return fail({ kind: 'invalid', file, problems })

  const slugs = assignSlugs(drafts)
  const models: ModelConfig[] = drafts.map(({ explicitSlug: _explicit, ...draft }, i) => ({
    ...draft,
    slug: slugs[i] ?? '',
  }))
  // What the router names can only be checked once the models have their slugs.
  const referenceProblems = [
    ...(router ? routerReferenceProblems(router, models) : []),
    ...(cursor ? cursorSlugProblems(cursor, new Set(models.map((model) => model.slug))) : []),
  ]
  if (referenceProblems.length > 0) return fail({ kind: 'invalid', file, problems: referenceProblems })
  return ok({ models, router, ...(cursor ? { cursor } : {}), warnings })
}

/**
 * The rows of every list the file has, in ROW_LIST_KEYS order: a file with both `models` and the legacy
 * `customModels` (a half-done migration) gets both, rather than silently losing the second. A row that repeats
 * an earlier one exactly is left out, with a warning, so the migration's copies do not become two models.
 */
function rowsOfEveryList(
  top: Record<string, unknown>,
  problems: SettingsProblem[],
  warnings: string[],
): { raw: unknown; path: string }[] {
  const rows: { raw: unknown; path: string }[] = []
  const seen = new Map<string, string>()
  for (const key of ROW_LIST_KEYS) {
    const list = top[key]
    if (list === undefined || list === null) continue
    if (!Array.isArray(list)) {
      problems.push({ path: key, message: `expected an array of models, got ${describeValue(list)}` })
      continue
    }
    list.forEach((raw, position) => {
      const path = `${key}[${position}]`
      const text = JSON.stringify(raw)
      const earlier = seen.get(text)
      if (earlier !== undefined) {
        warnings.push(`${path}: the same row as ${earlier}, ignored`)
        return
      }
      seen.set(text, path)
      rows.push({ raw, path })
    })
  }
  return rows
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
