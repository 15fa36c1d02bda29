import fc from 'fast-check'
import { expect, test } from 'vitest'
import { formatSettingsError, normalizeSettings, parseSettingsText } from '../../shared/settings'

const FILE = '/home/dev/.codex-shim/models.json'
const KNOWN_FIELDS = [
  'model',
  'slug',
  'provider',
  'base_url',
  'baseURL',
  'api_key',
  'api_key_env',
  'apiKeyEnv',
  'display_name',
  'max_context_limit',
  'maxContextLimit',
  'no_image_support',
  'extra_headers',
  'prompt_cache',
  'reasoning_effort',
]
/** Rows that look like the real thing, with any values: the parser's interesting inputs. */
const row = fc.dictionary(
  fc.oneof(fc.constantFrom(...KNOWN_FIELDS), fc.string({ maxLength: 8 })),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 8 },
)
const settingsLike = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ models: fc.array(row, { maxLength: 5 }) }, { requiredKeys: [] }),
  fc.record(
    {
      models: fc.array(row, { maxLength: 3 }),
      router: fc.jsonValue({ maxDepth: 2 }),
      cursor: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ),
  fc.array(row, { maxLength: 4 }),
)

test('any JSON value is loaded or refused, never thrown on; every refusal names a path and the file', () => {
  fc.assert(
    fc.property(settingsLike, (json) => {
      const result = normalizeSettings(json, FILE)
      if (result.ok) {
        for (const model of result.value.models) expect(model.slug).toMatch(/^[a-z0-9]/)
        return
      }
      if (result.error.kind === 'invalid') {
        expect(result.error.problems.length).toBeGreaterThan(0)
        for (const problem of result.error.problems) {
          expect(problem.path).not.toBe('')
          expect(problem.message).not.toBe('')
        }
      }
      expect(formatSettingsError(result.error)).toContain(FILE)
    }),
    { numRuns: 1000 },
  )
})

test('any text is loaded or refused with a message naming the file, never thrown on', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.jsonValue().map((value) => JSON.stringify(value).slice(0, 150)),
      ),
      (text) => {
        const result = parseSettingsText(text, FILE)
        if (!result.ok) expect(formatSettingsError(result.error)).toContain(FILE)
      },
    ),
    { numRuns: 1000 },
  )
})
