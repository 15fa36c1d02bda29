/**
 * The histories (`input` arrays) of Responses request bodies whose JSON text held no escape for a control
 * character the cleaner removes (control-characters.ts). JSON allows no raw character below U+0020 inside a string, so such a character can only
 * come from an escape: `\b`, `\f`, or `\u0000`–`\u001f` other than tab, LF and CR. One scan of the text for those
 * (native `indexOf`, ~0.15 ms on a 400 KB request) spares a walk that tests every text of the history one by one
 * (~0.45 ms there). The array is the history as parsed: a route that replaces it (the compactions expanded) makes a
 * new array, which is then cleaned in full. Nothing in the worker changes a parsed item in place; this relies on
 * that. Bodies of the other doors (chat `messages`, Messages `messages`) have no `input` and are not scanned: their
 * ingress builds a new history anyway.
 */
const parsedWithoutControls = new WeakSet<unknown[]>()

/** Notes the body's history when its text holds no escape for a removable control. */
export function noteParsedBody(body: Record<string, unknown>, text: string): void {
  if (Array.isArray(body.input) && !jsonTextMayHoldControls(text)) parsedWithoutControls.add(body.input)
}

/** Whether `values` is an array parsed as it is from text without a removable control in any of its strings. */
export function isParsedWithoutControls(values: unknown[]): boolean {
  return parsedWithoutControls.has(values)
}

const BACKSLASH = 0x5c

/**
 * Whether JSON text may decode to a string holding a control character other than tab, LF and CR. May say yes
 * when it does not (the text of `\u0000` inside a string, written `\\u0000`, is counted once its backslashes are
 * odd), never no when it does.
 */
export function jsonTextMayHoldControls(text: string): boolean {
  for (const shortEscape of ['\\b', '\\f'])
    for (let at = text.indexOf(shortEscape); at !== -1; at = text.indexOf(shortEscape, at + 2))
      if (isEscapeAt(text, at)) return true
  for (let at = text.indexOf('\\u00'); at !== -1; at = text.indexOf('\\u00', at + 4))
    if (isRemovableControlCode(text.charCodeAt(at + 4), text.charCodeAt(at + 5)) && isEscapeAt(text, at)) return true
  return false
}

/** The backslash at `at` starts an escape: an even run of backslashes (escaped backslashes) comes before it. */
function isEscapeAt(text: string, at: number): boolean {
  let before = 0
  while (at - before - 1 >= 0 && text.charCodeAt(at - before - 1) === BACKSLASH) before++
  return before % 2 === 0
}

/** `\u00XY` with XY one of 00–1f other than 09 (tab), 0a (LF) and 0d (CR), in either case. */
function isRemovableControlCode(high: number, low: number): boolean {
  if (high === 0x31) return true // 1X: 0x10–0x1f (an invalid hex digit is a JSON error, never parsed)
  if (high !== 0x30) return false
  const lower = low | 0x20 // 'A'–'F' → 'a'–'f'; digits keep their codes
  return lower !== 0x39 && lower !== 0x61 && lower !== 0x64
}
