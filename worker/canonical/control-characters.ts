import { isRecord } from '../http/bad-request'
import { isParsedWithoutControls } from './parsed-without-controls'

/**
 * Strict upstreams refuse NUL and the other C0 control characters in a request; the original tool removed them
 * from every text it sent, call ids and arguments included, and its own test sends one to Kimi
 * (reference/peer-behavior.md §4.4). Tab, LF and CR are text; terminal colour codes in tool output are whole
 * escape sequences, removed as such so no `[31m` is left behind.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this module is for
const HAS_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this module is for
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g
/** ECMA-48: CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC \`), charset selection, and two-byte escapes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this module is for
const ESCAPE_SEQUENCES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[()][0-9A-Za-z]|[@-Z\\-_])/g
/** JSON allows no raw character below U+0020 inside a string, and only whitespace between tokens. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this module is for
const HAS_ANY_CONTROL = /[\x00-\x1f]/
const TEXT_ESCAPES: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r' }

/** Text without escape sequences and C0 controls other than tab, LF and CR; the same string when it had none. */
export function withoutControlCharacters(text: string): string {
  if (!HAS_CONTROL.test(text)) return text
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '')
}

/**
 * Tool-call arguments as JSON a parser accepts, cleaned as text is: a raw tab, LF or CR inside a string is
 * escaped (a model that wrote a real newline into a value meant one), the other controls are removed wherever
 * they are. Arguments that are not JSON at all stay recognisable, so they are still sent as `{"input": …}`.
 */
export function cleanToolArguments(json: string): string {
  if (!HAS_ANY_CONTROL.test(json)) return json
  const pieces: string[] = []
  let copiedUpTo = 0
  let isInString = false
  let isEscaped = false
  for (let at = 0; at < json.length; at++) {
    const code = json.charCodeAt(at)
    if (isInString && isEscaped) isEscaped = false
    else if (isInString && code === 0x5c) isEscaped = true
    else if (code === 0x22) isInString = !isInString
    else if (code < 0x20) {
      const textEscape = TEXT_ESCAPES[code]
      // Between tokens, tab, LF and CR are whitespace JSON allows; everywhere else a control is dropped.
      if (textEscape !== undefined && !isInString) continue
      pieces.push(json.slice(copiedUpTo, at), isInString ? (textEscape ?? '') : '')
      copiedUpTo = at + 1
    }
  }
  pieces.push(json.slice(copiedUpTo))
  return pieces.join('')
}

type Cleaner = (value: unknown) => unknown
/** Field names with their cleaners, as entries made once (not an `Object.entries` per item of the history). */
type FieldCleaners = readonly (readonly [string, Cleaner])[]
const fieldCleaners = (cleaners: Record<string, Cleaner>): FieldCleaners => Object.entries(cleaners)

const cleanText: Cleaner = (value) => (typeof value === 'string' ? withoutControlCharacters(value) : value)
const cleanArguments: Cleaner = (value) => (typeof value === 'string' ? cleanToolArguments(value) : value)
/** A message's content, a tool call's output: a string or a list of parts. */
const cleanContent: Cleaner = (value) => (Array.isArray(value) ? mapChanged(value, cleanPart) : cleanText(value))
const cleanPart: Cleaner = (part) => (isRecord(part) ? cleanFields(part, PART_FIELDS) : cleanText(part))
const cleanItem: Cleaner = (item) => (isRecord(item) ? cleanFields(item, ITEM_FIELDS) : item)
/** An item parsed without removable controls: only its arguments can still hold a raw tab, LF or CR in a string. */
const cleanItemArguments: Cleaner = (item) => (isRecord(item) ? cleanFields(item, ARGUMENTS_FIELD) : item)
const cleanInput: Cleaner = (input) => {
  if (!Array.isArray(input)) return cleanText(input)
  return mapChanged(input, isParsedWithoutControls(input) ? cleanItemArguments : cleanItem)
}

const BODY_FIELDS = fieldCleaners({ instructions: cleanText, input: cleanInput })
/** The item fields that reach an upstream as text, whatever the item's type (`input` is a freeform call's text). */
const ITEM_FIELDS = fieldCleaners({
  content: cleanContent,
  output: cleanContent,
  call_id: cleanText,
  arguments: cleanArguments,
  input: cleanText,
})
const PART_FIELDS = fieldCleaners({ text: cleanText, refusal: cleanText })
const ARGUMENTS_FIELD = fieldCleaners({ arguments: cleanArguments })

/**
 * A Responses request whose conversation holds no control character an upstream refuses: instructions, message
 * text, tool outputs, freeform tool input, call ids and tool arguments cleaned. Done on the canonical input,
 * once, so every adapter sends the same cleaned history; the body and its items are the same objects when there was
 * nothing to clean (Codex sends megabytes of history, and nearly all of it is clean). A history parsed from text
 * without an escape for a removable control (parsed-without-controls.ts) has only its tool arguments checked.
 */
export function withCleanConversation(body: Record<string, unknown>): Record<string, unknown> {
  return cleanFields(body, BODY_FIELDS)
}

/** `record` with each listed field cleaned: a copy when one changed, else `record` itself. */
function cleanFields(record: Record<string, unknown>, cleaners: FieldCleaners): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined
  for (const [key, clean] of cleaners) {
    if (!(key in record)) continue
    const value = clean(record[key])
    if (value === record[key]) continue
    copy ??= { ...record }
    copy[key] = value
  }
  return copy ?? record
}

/** `values.map(change)`, or `values` itself when nothing changed. */
function mapChanged(values: unknown[], change: Cleaner): unknown[] {
  let copy: unknown[] | undefined
  values.forEach((value, index) => {
    const next = change(value)
    if (next === value) return
    copy ??= values.slice()
    copy[index] = next
  })
  return copy ?? values
}
