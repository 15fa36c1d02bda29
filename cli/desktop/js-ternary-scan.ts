/**
 * Just enough of JavaScript's lexical grammar to walk minified bundle code without a parser: strings, template
 * literals (with `${}` inside), comments, regular expression literals, brackets, `?.` and `??`. Used to find
 * where a conditional expression's branches begin and end; anything unexpected answers -1 so that the caller
 * refuses instead of guessing.
 */

const IDENTIFIER = /[\w$]/
/** After these, a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set([
  '',
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '~',
  '^',
])
const SCAN_LIMIT = 20_000

/** The index of the `:` that closes the conditional whose consequent starts at `from`, or -1. */
export function findTernaryColon(source: string, from: number): number {
  let depth = 0
  let nested = 0
  let previous = ''
  const end = Math.min(source.length, from + SCAN_LIMIT)
  for (let index = from; index < end; index++) {
    const char = source[index] ?? ''
    const skipped = skipLiteral(source, index, previous)
    if (skipped === -1) return -1
    if (skipped !== index) {
      index = skipped - 1
      previous = 'x'
      continue
    }
    if (char === '(' || char === '[' || char === '{') depth++
    else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) return -1
      depth--
    } else if (depth === 0 && (char === ',' || char === ';')) return -1
    else if (depth === 0 && char === '?') {
      const next = source[index + 1] ?? ''
      if (next === '?') index++
      else if (!(next === '.' && !/\d/.test(source[index + 2] ?? ''))) nested++
    } else if (depth === 0 && char === ':') {
      if (nested === 0) return index
      nested--
    }
    if (!/\s/.test(char)) previous = IDENTIFIER.test(char) ? 'x' : char
  }
  return -1
}

/**
 * Where the expression that ends just before `before` begins, walking back over balanced brackets to the
 * nearest `(`, `,`, `;`, `{` or `}` that is not closed in between. Good enough for minified conditions, which
 * hold no strings with brackets in the cases we read; the caller treats the text it gets as a hint, not a parse.
 */
export function findExpressionStart(source: string, before: number): number {
  let depth = 0
  const stop = Math.max(0, before - SCAN_LIMIT)
  for (let index = before - 1; index >= stop; index--) {
    const char = source[index]
    if (char === ')' || char === ']') depth++
    else if (char === '(' || char === '[') {
      if (depth === 0) return index + 1
      depth--
    } else if (depth === 0 && (char === ',' || char === ';' || char === '{' || char === '}')) return index + 1
  }
  return stop
}

/** The index just past a string, template, comment or regex literal starting at `index`; `index` if none starts there. */
function skipLiteral(source: string, index: number, previous: string): number {
  const char = source[index]
  if (char === '"' || char === "'") return skipQuoted(source, index, char)
  if (char === '`') return skipTemplate(source, index)
  if (char !== '/') return index
  const next = source[index + 1]
  if (next === '/') {
    const newline = source.indexOf('\n', index)
    return newline === -1 ? source.length : newline
  }
  if (next === '*') {
    const close = source.indexOf('*/', index + 2)
    return close === -1 ? -1 : close + 2
  }
  return BEFORE_REGEX.has(previous) ? skipRegex(source, index) : index
}

function skipQuoted(source: string, index: number, quote: string): number {
  for (let cursor = index + 1; cursor < source.length; cursor++) {
    const char = source[cursor]
    if (char === '\\') cursor++
    else if (char === quote) return cursor + 1
    else if (char === '\n') return -1
  }
  return -1
}

function skipTemplate(source: string, index: number): number {
  for (let cursor = index + 1; cursor < source.length; cursor++) {
    const char = source[cursor]
    if (char === '\\') cursor++
    else if (char === '`') return cursor + 1
    else if (char === '$' && source[cursor + 1] === '{') {
      const close = skipSubstitution(source, cursor + 2)
      if (close === -1) return -1
      cursor = close
    }
  }
  return -1
}

/** From just inside `${`, the index of its closing `}`. */
function skipSubstitution(source: string, from: number): number {
  let depth = 0
  let previous = ''
  for (let cursor = from; cursor < source.length; cursor++) {
    const skipped = skipLiteral(source, cursor, previous)
    if (skipped === -1) return -1
    if (skipped !== cursor) {
      cursor = skipped - 1
      previous = 'x'
      continue
    }
    const char = source[cursor] ?? ''
    if (char === '{') depth++
    else if (char === '}') {
      if (depth === 0) return cursor
      depth--
    }
    if (!/\s/.test(char)) previous = IDENTIFIER.test(char) ? 'x' : char
  }
  return -1
}

function skipRegex(source: string, index: number): number {
  let isInClass = false
  for (let cursor = index + 1; cursor < source.length; cursor++) {
    const char = source[cursor]
    if (char === '\\') cursor++
    else if (char === '[') isInClass = true
    else if (char === ']') isInClass = false
    else if (char === '/' && !isInClass) {
      let end = cursor + 1
      while (end < source.length && /[a-z]/i.test(source[end] ?? '')) end++
      return end
    } else if (char === '\n') return -1
  }
  return -1
}
