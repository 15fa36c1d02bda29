import { readFile } from 'node:fs/promises'
import { parse } from 'smol-toml'
import { codexConfigPath } from '../codex/codex-config-file'
import { isManagedConfigInstalled } from '../codex/managed-config'
import { fail, ok, warn, type CheckLine } from '../doctor/checks'

/** The picker asks the app-server for `model/list` with `limit: 100` and keeps that first page, by priority (#19694). */
export const PICKER_PAGE_SIZE = 100

interface CatalogRow {
  slug?: unknown
  priority?: unknown
  visibility?: unknown
}

/** Whether Codex Desktop, which reads the same config.toml as the CLI, gets codex-shim's catalog and can list it. */
export async function checkDesktopCatalog(codexHomeDir: string): Promise<CheckLine[]> {
  const path = codexConfigPath(codexHomeDir)
  const text = await readFile(path, 'utf8').catch(() => undefined)
  if (text === undefined || !isManagedConfigInstalled(text)) {
    return [
      warn(
        `the codex-shim provider is not in ${path}: Desktop lists only its own models`,
        'Run `codex-shim enable` (or `codex-shim app`).',
      ),
    ]
  }
  let catalogPath: unknown
  try {
    catalogPath = parse(text).model_catalog_json
  } catch {
    return [
      fail(
        `${path} is not valid TOML: Desktop cannot start with it`,
        'Fix the file; `codex-shim doctor` shows the line.',
      ),
    ]
  }
  if (typeof catalogPath !== 'string')
    return [warn(`${path} sets no model_catalog_json`, 'Run `codex-shim enable` again.')]
  const rows = await readCatalogRows(catalogPath)
  if (!rows.ok)
    return [
      fail(
        `Desktop cannot read the catalog ${catalogPath}: ${rows.reason}`,
        'Codex refuses to start without it: run `codex-shim generate`.',
      ),
    ]
  const lines = [ok(`Desktop reads codex-shim's catalog (${catalogPath}, ${rows.value.length} models)`)]
  const hidden = pastFirstPage(rows.value)
  if (hidden.length > 0) {
    lines.push(
      warn(
        `${hidden.length} listed models fall past the picker's first ${PICKER_PAGE_SIZE} by priority: ${hidden.slice(0, 5).join(', ')}${hidden.length > 5 ? ', …' : ''}`,
        'Give the models you use a lower `index` in models.json.',
      ),
    )
  } else {
    lines.push(ok(`every listed model is within the picker's first ${PICKER_PAGE_SIZE} by priority`))
  }
  return lines
}

async function readCatalogRows(
  path: string,
): Promise<{ ok: true; value: CatalogRow[] } | { ok: false; reason: string }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return {
      ok: false,
      reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String(error),
    }
  }
  try {
    const catalog = JSON.parse(text) as { models?: unknown }
    if (!Array.isArray(catalog.models)) return { ok: false, reason: 'it has no "models" list' }
    return {
      ok: true,
      value: catalog.models.filter((row): row is CatalogRow => typeof row === 'object' && row !== null),
    }
  } catch {
    return { ok: false, reason: 'it is not valid JSON' }
  }
}

/** Slugs of listed models the first page leaves out; hidden entries take places on the page too (`includeHidden: true`). */
export function pastFirstPage(rows: readonly CatalogRow[]): string[] {
  const sorted = [...rows].sort((a, b) => priorityOf(a) - priorityOf(b))
  return sorted
    .slice(PICKER_PAGE_SIZE)
    .filter((row) => row.visibility !== 'hide')
    .map((row) => (typeof row.slug === 'string' ? row.slug : '?'))
}

function priorityOf(row: CatalogRow): number {
  return typeof row.priority === 'number' ? row.priority : Number.MAX_SAFE_INTEGER
}
