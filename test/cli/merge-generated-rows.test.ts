import { describe, expect, test } from 'vitest'
import { mergeGeneratedRows, type Row } from '../../cli/models-file/merge-generated-rows'

const isGen = (row: Row) => row.generated_by === 'gen'
const gen = (slug: string, extra: Row = {}): Row => ({ slug, model: slug, generated_by: 'gen', ...extra })
const merge = (text: string | undefined, rows: Row[]) => {
  const result = mergeGeneratedRows(text, { isReplaced: isGen, rows })
  if (!result.ok) throw new Error(result.error)
  return result.value
}

describe('mergeGeneratedRows', () => {
  test('puts the new rows where the first old one stood and leaves the neighbours byte for byte', () => {
    const text =
      '{\n  "models": [\n    { "a": 1, "b": [1,2] },\n    { "slug": "g", "generated_by": "gen" },\n    { "c": 2.50 }\n  ]\n}\n'
    const merged = merge(text, [gen('n1'), gen('n2')])
    expect(merged.text).toBe(
      '{\n  "models": [\n    { "a": 1, "b": [1,2] },\n    {\n      "slug": "n1",\n      "model": "n1",\n      "generated_by": "gen"\n    },\n    {\n      "slug": "n2",\n      "model": "n2",\n      "generated_by": "gen"\n    },\n    { "c": 2.50 }\n  ]\n}\n',
    )
    expect(merged).toMatchObject({ added: ['n1', 'n2'], removed: ['g'] })
  })

  test.each([
    {
      name: 'the last row',
      text: '{"models": [{"a": 1}, {"slug": "g", "generated_by": "gen"}], "k": 1}',
      want: '{"models": [{"a": 1}], "k": 1}',
    },
    {
      name: 'the first row',
      text: '{"models": [{"slug": "g", "generated_by": "gen"}, {"a": 1}]}',
      want: '{"models": [{"a": 1}]}',
    },
    { name: 'the only row', text: '{"models": [ {"slug": "g", "generated_by": "gen"} ]}', want: '{"models": []}' },
    {
      name: 'a row in customModels',
      text: '{"models": [], "customModels": [{"slug": "g", "generated_by": "gen"}, "x"]}',
      want: '{"models": [], "customModels": ["x"]}',
    },
    { name: 'a row of a top-level list', text: '[{"slug": "g", "generated_by": "gen"}, "x"]', want: '["x"]' },
  ])('removing $name cuts exactly it and one comma', ({ text, want }) => {
    expect(merge(text, []).text).toBe(want)
  })

  test.each([
    {
      name: 'an inline list',
      text: '{"models": ["x"]}',
      want: '{"models": ["x", {"slug":"n","model":"n","generated_by":"gen"}]}',
    },
    {
      name: 'an empty inline list',
      text: '{"models": []}',
      want: '{"models": [{"slug":"n","model":"n","generated_by":"gen"}]}',
    },
    {
      name: 'no models key',
      text: '{\n\t"router": {}\n}',
      want: '{\n\t"router": {},\n\t"models": [\n\t\t{\n\t\t\t"slug": "n",\n\t\t\t"model": "n",\n\t\t\t"generated_by": "gen"\n\t\t}\n\t]\n}',
    },
    {
      name: 'models: null',
      text: '{ "models": null }',
      want: '{ "models": [{"slug":"n","model":"n","generated_by":"gen"}] }',
    },
    {
      name: 'models: null, on lines',
      text: '{\n  "models": null\n}',
      want: '{\n  "models": [\n    {\n      "slug": "n",\n      "model": "n",\n      "generated_by": "gen"\n    }\n  ]\n}',
    },
    {
      name: 'CRLF lines',
      text: '{\r\n  "models": [\r\n    "x"\r\n  ]\r\n}\r\n',
      want: '{\r\n  "models": [\r\n    "x",\r\n    {\r\n      "slug": "n",\r\n      "model": "n",\r\n      "generated_by": "gen"\r\n    }\r\n  ]\r\n}\r\n',
    },
  ])('adding to $name follows the file’s own layout', ({ text, want }) => {
    expect(merge(text, [gen('n')]).text).toBe(want)
  })

  test('the same generated rows again change nothing, wherever they stand', () => {
    const text =
      '{"models": [{"slug": "a", "model": "a", "generated_by": "gen"}, "x", {"slug": "b", "model": "b", "generated_by": "gen"}]}'
    expect(merge(text, [gen('a'), gen('b')])).toMatchObject({ text: undefined, unchanged: ['a', 'b'] })
  })

  test('no file: one is made only when there is something to write', () => {
    expect(merge(undefined, []).text).toBeUndefined()
    expect(JSON.parse(merge(undefined, [gen('n')]).text ?? '')).toEqual({ models: [gen('n')] })
  })

  test.each([
    { text: '{"models": {}}', error: 'has a "models" that is not a list' },
    { text: '"text"', error: 'is neither an object with "models" nor a list of models' },
    { text: '{"models": [1,]}', error: 'is not valid JSON' },
  ])('refuses $text: $error', ({ text, error }) => {
    const result = mergeGeneratedRows(text, { isReplaced: isGen, rows: [gen('n')] })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toContain(error)
  })
})
