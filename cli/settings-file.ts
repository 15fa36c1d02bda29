import { readFile } from 'node:fs/promises'
import { fail, ok, type Result } from '../shared/result'
import { formatSettingsError, parseSettingsText, type Settings, type SettingsError } from '../shared/settings'
import type { FileRead } from './daemon/file-signature-cache'
import type { SettingsLocation } from './paths'
import { UserError } from './user-error'

/** Reads and validates models.json. A missing default file is an empty list: passthrough-only use is fine. */
export async function readSettingsFile(location: SettingsLocation): Promise<Result<Settings, SettingsError>> {
  let read: FileRead
  try {
    read = { kind: 'text', text: await readFile(location.path, 'utf8') }
  } catch (error) {
    read =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? { kind: 'missing' }
        : { kind: 'unreadable', error: error as Error }
  }
  return settingsFromRead(location, read)
}

/** The settings one read of models.json gave: a missing default file is no models, a missing named one an error. */
export function settingsFromRead(location: SettingsLocation, read: FileRead): Result<Settings, SettingsError> {
  if (read.kind === 'missing')
    return location.isExplicit ? fail({ kind: 'not_found', file: location.path }) : ok({ models: [], warnings: [] })
  if (read.kind === 'unreadable') return fail({ kind: 'unreadable', file: location.path, detail: read.error.message })
  return parseSettingsText(read.text, location.path)
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
