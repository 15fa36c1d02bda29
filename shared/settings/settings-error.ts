export interface SettingsProblem {
  /** JSON path as the user wrote it, e.g. `models[2].maxContextLimit`. */
  path: string
  message: string
}

export type SettingsError =
  | { kind: 'not_found'; file: string }
  | { kind: 'unreadable'; file: string; detail: string }
  | { kind: 'invalid_json'; file: string; detail: string }
  | { kind: 'invalid'; file: string; problems: SettingsProblem[] }

const MAX_LISTED_PROBLEMS = 8

/** One readable message naming the file and, for each problem, the JSON path and what was expected. */
export function formatSettingsError(error: SettingsError): string {
  switch (error.kind) {
    case 'not_found':
      return `Settings file not found: ${error.file}`
    case 'unreadable':
      return `Settings file ${error.file} could not be read: ${error.detail}`
    case 'invalid_json':
      return `Settings file ${error.file} is not valid JSON: ${error.detail}`
    case 'invalid': {
      const listed = error.problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  ${p.path}: ${p.message}`)
      const more = error.problems.length - listed.length
      if (more > 0) listed.push(`  … and ${more} more`)
      return [
        `Settings file ${error.file} has ${error.problems.length === 1 ? 'a problem' : 'problems'}:`,
        ...listed,
      ].join('\n')
    }
  }
}
