import * as z from 'zod/mini'
import type { CursorModel } from '../cursor-protocol'
import { DEFAULT_CURSOR_MODELS } from '../cursor-protocol'
import type { CursorConfig, Settings } from './model-config'
import type { SettingsProblem } from './settings-error'
import { slugify } from './slugify'

const text = () => z.string().check(z.trim(), z.minLength(1))
const SLUG = /^[a-z0-9][a-z0-9._-]*$/

/** A Cursor model row: Cursor's id, with the slug and name Codex shows (snake_case or camelCase, like model rows). */
const cursorModelSchema = z.looseObject({
  id: text(),
  slug: z.optional(text().check(z.regex(SLUG, 'lowercase letters, digits, ".", "_" and "-" only'))),
  display_name: z.optional(text()),
  displayName: z.optional(text()),
})

const cursorSchema = z.looseObject({
  /** `auto` follows Codex's sandbox; `ask` keeps Cursor read-only; `agent` lets it run its tools (`--force`). */
  mode: z._default(z.enum(['auto', 'ask', 'agent']), 'auto'),
  /** Replaces the default Composer models when given. */
  models: z.optional(z.array(cursorModelSchema)),
})

/** The `cursor` block of models.json, with its problems as paths under `cursor`. */
export function parseCursorBlock(raw: unknown): { cursor?: CursorConfig; problems: SettingsProblem[] } {
  const parsed = cursorSchema.safeParse(raw)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      path: ['cursor', ...issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))]
        .join('')
        .replace(/\.\[/g, '['),
      message: issue.message,
    }))
    return { problems }
  }
  const models: CursorModel[] = parsed.data.models
    ? parsed.data.models.map((row) => ({
        id: row.id,
        slug: row.slug ?? slugify(row.id),
        displayName: row.display_name ?? row.displayName ?? row.id,
      }))
    : DEFAULT_CURSOR_MODELS.map((model) => ({ ...model }))
  const problems: SettingsProblem[] = []
  const seen = new Set<string>()
  models.forEach((model, index) => {
    if (seen.has(model.slug))
      problems.push({ path: `cursor.models[${index}]`, message: `the slug "${model.slug}" is used twice` })
    seen.add(model.slug)
  })
  return { problems, cursor: { mode: parsed.data.mode, models } }
}

/** A Cursor slug that a configured model also has would make one of them unreachable. */
export function cursorSlugProblems(cursor: CursorConfig, modelSlugs: ReadonlySet<string>): SettingsProblem[] {
  return cursor.models.flatMap((model, index) =>
    modelSlugs.has(model.slug)
      ? [
          {
            path: `cursor.models[${index}]`,
            message: `the slug "${model.slug}" is also a configured model's slug; give one of them another slug`,
          },
        ]
      : [],
  )
}

/** The `cursor` block's models, else Composer's defaults. */
export function cursorModelsOf(settings: Pick<Settings, 'cursor'>): CursorModel[] {
  return settings.cursor?.models ?? DEFAULT_CURSOR_MODELS.map((model) => ({ ...model }))
}
