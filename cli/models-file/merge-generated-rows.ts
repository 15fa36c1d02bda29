import type { JSONPath, Node } from 'jsonc-parser'
import { lazyPackage } from '../lazy-package'
import { isRecord } from '../../shared/is-record'
import { jsonParseMessage } from '../../shared/json-parse-message'
import { fail, ok, type Result } from '../../shared/result'
import { generatedRowsComparison } from './compare-generated-rows'

/** Only commands that write models.json rows parse it with comments kept: the daemon and the rest do not load it. */
const jsonc = lazyPackage<typeof import('jsonc-parser')>('jsonc-parser')

/** The lists a models.json may keep rows in (shared/settings reads them all, `models` first). */
export const ROW_LIST_KEYS = ['models', 'customModels', 'launchModels', 'launch_models'] as const

export type Row = Record<string, unknown>

export interface GeneratedRows {
  /** The rows a generator wrote before, which this run replaces (every other row is kept as it is). */
  isReplaced: (row: Row) => boolean
  /** What the generator writes now, in order. */
  rows: Row[]
}

export interface GeneratedRowsChange {
  /** The file's new text, or undefined when the generated rows are already exactly these. */
  text: string | undefined
  added: string[]
  updated: string[]
  removed: string[]
  unchanged: string[]
}

interface RowList {
  path: JSONPath
  items: unknown[]
}

interface Layout {
  eol: string
  /** One level of indentation, as the file uses it. */
  unit: string
}

/**
 * Replaces a generator's rows in the text of models.json and changes nothing else: every other row, unknown key,
 * number as written, blank line and the key order stay byte for byte, because only the replaced rows' own text is
 * cut out and the new rows' text put in (at offsets from jsonc-parser's syntax tree; its own `modify` reformats
 * neighbouring rows, so it is not used). The new rows go where the first old one stood, else at the end of
 * `models` (created if the file has none).
 */
export function mergeGeneratedRows(
  current: string | undefined,
  generated: GeneratedRows,
): Result<GeneratedRowsChange, string> {
  if (current === undefined || current.trim() === '') {
    const text = generated.rows.length === 0 ? undefined : `${JSON.stringify({ models: generated.rows }, null, 2)}\n`
    return ok({ text, ...generatedRowsComparison([], generated.rows) })
  }
  let document: unknown
  try {
    document = JSON.parse(current)
  } catch (error) {
    return fail(`is not valid JSON (${jsonParseMessage(error)})`)
  }
  const lists = rowListsOf(document)
  if (!lists.ok) return lists
  const replaced = lists.value.map((list) =>
    list.items.flatMap((item, index) => (isRecord(item) && generated.isReplaced(item) ? [index] : [])),
  )
  const oldRows = lists.value.flatMap((list, n) => (replaced[n] ?? []).map((index) => list.items[index] as Row))
  const comparison = generatedRowsComparison(oldRows, generated.rows)
  if (JSON.stringify(oldRows) === JSON.stringify(generated.rows)) return ok({ text: undefined, ...comparison })

  const layout: Layout = {
    eol: current.includes('\r\n') ? '\r\n' : '\n',
    unit: /^([ \t]+)\S/m.exec(current)?.[1] ?? '  ',
  }
  let text = current
  lists.value.forEach((list, n) => {
    for (const index of [...(replaced[n] ?? [])].reverse()) text = removeElement(text, list.path, index)
  })
  if (generated.rows.length === 0) return ok({ text, ...comparison })
  const target = lists.value.find((list) => list.path.length === 0 || list.path[0] === 'models')
  if (target === undefined) return ok({ text: addModelsList(text, generated.rows, layout), ...comparison })
  const removedHere = replaced[lists.value.indexOf(target)] ?? []
  // Where the first replaced row stood, counted among the rows that remain; else after the last.
  const at = removedHere[0] ?? target.items.length - removedHere.length
  return ok({ text: insertElements(text, target.path, at, generated.rows, layout), ...comparison })
}

function rowListsOf(document: unknown): Result<RowList[], string> {
  if (Array.isArray(document)) return ok([{ path: [], items: document }])
  if (!isRecord(document)) return fail('is neither an object with "models" nor a list of models')
  const lists: RowList[] = []
  for (const key of ROW_LIST_KEYS) {
    const value = document[key]
    if (value === undefined || value === null) continue
    if (!Array.isArray(value)) return fail(`has a "${key}" that is not a list`)
    lists.push({ path: [key], items: value })
  }
  return ok(lists)
}

function nodeAt(text: string, path: JSONPath): Node {
  const root = jsonc().parseTree(text)
  const node = root === undefined ? undefined : path.length === 0 ? root : jsonc().findNodeAtLocation(root, path)
  if (node === undefined) throw new Error(`models.json edit: no value at ${JSON.stringify(path)}`)
  return node
}

const splice = (text: string, from: number, to: number, insert = '') =>
  `${text.slice(0, from)}${insert}${text.slice(to)}`

/** Cuts out one element with one comma: the one after it, or before it when it is the last. */
function removeElement(text: string, path: JSONPath, index: number): string {
  const array = nodeAt(text, path)
  const children = array.children ?? []
  const element = children[index]
  if (element === undefined) return text
  const next = children[index + 1]
  if (next !== undefined) return splice(text, element.offset, next.offset)
  const previous = children[index - 1]
  if (previous !== undefined) return splice(text, previous.offset + previous.length, element.offset + element.length)
  return splice(text, array.offset + 1, array.offset + array.length - 1)
}

/** The whitespace that starts the line `offset` is on, when nothing but whitespace precedes it there. */
function lineIndentBefore(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const before = text.slice(lineStart, offset)
  return /^[ \t]*$/.test(before) ? before : undefined
}

function lineIndentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? ''
}

/** Puts `rows` into the array at `path` before element `at`, laid out like the elements already there. */
function insertElements(text: string, path: JSONPath, at: number, rows: readonly Row[], layout: Layout): string {
  const array = nodeAt(text, path)
  const children = array.children ?? []
  const first = children[0]
  const elementIndent =
    first === undefined ? `${lineIndentOf(text, array.offset)}${layout.unit}` : lineIndentBefore(text, first.offset)
  // An array written on one line (`[{"model": "a"}]`) gets its new rows on that line too.
  if (elementIndent === undefined || (first === undefined && !text.includes('\n'))) {
    const inline = rows.map((row) => JSON.stringify(row)).join(', ')
    if (first === undefined) return splice(text, array.offset + 1, array.offset + array.length - 1, inline)
    const before = children[at]
    if (before !== undefined) return splice(text, before.offset, before.offset, `${inline}, `)
    const last = children[children.length - 1] as Node
    return splice(text, last.offset + last.length, last.offset + last.length, `, ${inline}`)
  }
  const block = rows
    .map((row) => JSON.stringify(row, null, layout.unit).split('\n').join(`${layout.eol}${elementIndent}`))
    .join(`,${layout.eol}${elementIndent}`)
  if (first === undefined) {
    return splice(
      text,
      array.offset + 1,
      array.offset + array.length - 1,
      `${layout.eol}${elementIndent}${block}${layout.eol}${lineIndentOf(text, array.offset)}`,
    )
  }
  const before = children[at]
  if (before !== undefined) return splice(text, before.offset, before.offset, `${block},${layout.eol}${elementIndent}`)
  const last = children[children.length - 1] as Node
  return splice(text, last.offset + last.length, last.offset + last.length, `,${layout.eol}${elementIndent}${block}`)
}

/** A file without a usable `models` list gets one: in place of `"models": null`, else as its last key. */
function addModelsList(text: string, rows: readonly Row[], layout: Layout): string {
  const root = nodeAt(text, [])
  const existing = jsonc().findNodeAtLocation(root, ['models'])
  const keyIndent = (() => {
    const firstKey = root.children?.[0]
    return (firstKey === undefined ? undefined : lineIndentBefore(text, firstKey.offset)) ?? layout.unit
  })()
  const value = text.includes('\n')
    ? JSON.stringify(rows, null, layout.unit).split('\n').join(`${layout.eol}${keyIndent}`)
    : JSON.stringify(rows)
  if (existing !== undefined) return splice(text, existing.offset, existing.offset + existing.length, value)
  const last = root.children?.[root.children.length - 1]
  if (last === undefined)
    return splice(
      text,
      root.offset + 1,
      root.offset + root.length - 1,
      `${layout.eol}${keyIndent}"models": ${value}${layout.eol}`,
    )
  return splice(
    text,
    last.offset + last.length,
    last.offset + last.length,
    `,${layout.eol}${keyIndent}"models": ${value}`,
  )
}
