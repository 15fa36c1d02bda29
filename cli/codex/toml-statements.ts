import { parse } from 'smol-toml'

/** One TOML statement of a file, as whole lines: what it is and which key path it defines. */
export type TomlStatement =
  | { kind: 'trivia'; start: number; end: number }
  | { kind: 'table'; start: number; end: number; path: string[]; isArrayTable: boolean }
  /** `path` is the full key path: the enclosing table's path followed by the key's own (dotted) path. */
  | { kind: 'key'; start: number; end: number; path: string[]; isInlineTable: boolean }

/**
 * Splits a TOML document into statements, using the TOML parser itself to find where each one ends: starting at
 * a statement's first line, the statement is the shortest run of lines that parses on its own. A key whose
 * value is a multi-line string or array spans several lines, and a line inside such a value that happens to
 * read like `model = "x"` or `[table]` is never mistaken for a statement of its own, which is what regexes on
 * single lines get wrong. Lines keep their own `\r`, so CRLF files need nothing special.
 *
 * `lines` must come from a document that parses as a whole (the caller checks); otherwise a statement that
 * never closes is an error naming its line.
 */
export function splitTomlStatements(lines: readonly string[]): TomlStatement[] {
  const statements: TomlStatement[] = []
  let table: string[] = []
  let start = 0
  while (start < lines.length) {
    const first = (lines[start] ?? '').trim()
    if (first === '' || first.startsWith('#')) {
      statements.push({ kind: 'trivia', start, end: start })
      start++
      continue
    }
    const { end, value } = shortestParsingRun(lines, start)
    if (first.startsWith('[')) {
      const { path, leaf } = singleKeyPath(value)
      table = path
      statements.push({ kind: 'table', start, end, path, isArrayTable: Array.isArray(leaf) })
    } else {
      const path = keyPathOf(first, start)
      statements.push({
        kind: 'key',
        start,
        end,
        path: [...table, ...path],
        isInlineTable: isPlainTable(valueAt(value, path)),
      })
    }
    start = end + 1
  }
  return statements
}

function shortestParsingRun(lines: readonly string[], start: number): { end: number; value: Record<string, unknown> } {
  let text = ''
  for (let end = start; end < lines.length; end++) {
    // A line's own CR is part of its CRLF ending, which TOML reads like LF; alone, a bare CR would not parse.
    text += (end === start ? '' : '\n') + (lines[end] ?? '').replace(/\r$/, '')
    try {
      return { end, value: parse(text) as Record<string, unknown> }
    } catch {
      // Not complete yet: a multi-line string, array or inline table continues on the next line.
    }
  }
  throw new Error(`line ${start + 1}: this TOML statement never ends`)
}

/**
 * The (dotted) key of a key/value line, read the way TOML defines keys: bare keys and basic or literal quoted keys
 * joined by dots. `a."b.c".d = { e = 1 }` gives [a, b.c, d]; the inline table's own keys are its value's.
 */
function keyPathOf(line: string, index: number): string[] {
  const path: string[] = []
  let rest = line
  for (;;) {
    rest = rest.trimStart()
    const bare = /^[A-Za-z0-9_-]+/.exec(rest)
    if (bare) {
      path.push(bare[0])
      rest = rest.slice(bare[0].length)
    } else if (rest.startsWith('"') || rest.startsWith("'")) {
      const quoted = rest.startsWith('"') ? /^"(?:[^"\\]|\\.)*"/.exec(rest) : /^'[^']*'/.exec(rest)
      if (!quoted) break
      path.push(Object.keys(parse(`${quoted[0]} = 0`))[0] ?? '')
      rest = rest.slice(quoted[0].length)
    } else {
      break
    }
    rest = rest.trimStart()
    if (rest.startsWith('=')) return path
    if (!rest.startsWith('.')) break
    rest = rest.slice(1)
  }
  throw new Error(`line ${index + 1}: cannot read the key of this TOML statement`)
}

function valueAt(value: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = value
  for (const part of path) current = isPlainTable(current) ? current[part] : undefined
  return current
}

/** The path a lone table header defines: `[a."b.c".d]` and `[[a.b]]` parse to nested tables along it. */
function singleKeyPath(value: Record<string, unknown>): { path: string[]; leaf: unknown } {
  const path: string[] = []
  let current: unknown = value
  while (isPlainTable(current)) {
    const keys = Object.keys(current)
    const [only] = keys
    if (keys.length !== 1 || only === undefined) break
    path.push(only)
    current = current[only]
  }
  return { path, leaf: current }
}

function isPlainTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}
