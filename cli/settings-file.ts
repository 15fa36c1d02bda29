import { readFile } from 'node:fs/promises'
import { fail, ok, type Result } from '../shared/result'
import { formatSettingsError, parseSettingsText, type Settings, type SettingsError } from '../shared/settings'
import type { SettingsLocation } from './paths'
import { UserError } from './user-error'

/** Reads and validates models.json. A missing default file is an empty list: passthrough-only use is fine. */
export async function readSettingsFile(location: SettingsLocation): Promise<Result<Settings, SettingsError>> {
  let text: string
  try {
    text = await readFile(location.path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && !location.isExplicit) return ok({ models: [], warnings: [] })
    if (code === 'ENOENT') return fail({ kind: 'not_found', file: location.path })
    return fail({ kind: 'unreadable', file: location.path, detail: (error as Error).message })
  }
  return parseSettingsText(text, location.path)
}

/** For commands: the settings, or a UserError that names the file, the JSON path and what was expected. */
export async function loadSettingsOrThrow(location: SettingsLocation): Promise<Settings> {
  const result = await readSettingsFile(location)
  if (result.ok) return result.value
  const hint =
    result.error.kind === 'not_found'
      ? 'Create the file, or pass --settings with the path of your models.json.'
      : 'Fix the file and run the command again.'
  throw new UserError(formatSettingsError(result.error), hint)
}
