import { findExpressionStart, findTernaryColon } from './js-ternary-scan'

/**
 * The Desktop picker's model-visibility gate, matched by its shape rather than by exact bytes, since minified names
 * change every build: `flag ? allowlist.has(model.model)… : !model.hidden`. Builds up to 26.9xx use it alone
 * (`o&&t!==\`amazonBedrock\`?n.has(a.model):!a.hidden`), so a custom provider's models are dropped unless the
 * server-side allowlist names them. From 26.1002 the same function first lets a configured catalog or a custom
 * provider through (`i&&!o.hidden||(s&&!a&&…?r.has(o.model)…:!o.hidden)`, with `hasConfiguredModelCatalog:i` and
 * `isCustomModelProvider:a`), so codex-shim's catalog shows without a patch (reference/opencode-and-desktop.md §2.2-2.3).
 */
export interface PickerGate {
  /** Where the member test `set.has(model.model)` starts and ends in the source. */
  start: number
  end: number
  original: string
  replacement: string
  /** True when this build already shows a configured catalog or a custom provider's models. */
  isBypassed: boolean
}

export interface PickerGateScan {
  gates: PickerGate[]
  /** Gates codex-shim has already rewritten. */
  patchedCount: number
}

/** Written before the replacement, so a patched bundle is recognised (and people reading it know who did it). */
export const PATCH_MARKER = '/*codex-shim: picker shows every catalog model*/'

const MEMBER_TEST = /\?([A-Za-z_$][\w$]*)\.has\(([A-Za-z_$][\w$]*)\.model\)/g
const PATCHED = /\?\/\*codex-shim: picker shows every catalog model\*\/!([A-Za-z_$][\w$]*)\.hidden/g
const CONTEXT_WINDOW = 4_000

export function scanPickerGates(source: string): PickerGateScan {
  // Cheap pre-check: nearly every file of the bundle lacks both.
  if (!source.includes('.hidden')) return { gates: [], patchedCount: 0 }
  const gates: PickerGate[] = []
  for (const match of source.matchAll(MEMBER_TEST)) {
    const question = match.index
    if (source[question - 1] === '?') continue
    const [whole, , model = ''] = match
    const start = question + 1
    const end = question + whole.length
    if (!isAlternateNotHidden(source, end, model)) continue
    gates.push({
      start,
      end,
      original: source.slice(start, end),
      replacement: `${PATCH_MARKER}!${model}.hidden`,
      isBypassed: isBypassedGate(source, question, model),
    })
  }
  let patchedCount = 0
  for (const match of source.matchAll(PATCHED)) {
    const end = match.index + match[0].length
    if (isAlternateNotHidden(source, end, match[1] ?? '')) patchedCount++
  }
  return { gates, patchedCount }
}

/** The conditional's other branch is exactly `!<model>.hidden` (and not, say, `!<model>.hidden||x`). */
function isAlternateNotHidden(source: string, consequentRest: number, model: string): boolean {
  const colon = findTernaryColon(source, consequentRest)
  if (colon === -1) return false
  const alternate = `!${model}.hidden`
  if (!source.startsWith(alternate, colon + 1)) return false
  const after = source.slice(colon + 1 + alternate.length).trimStart()[0]
  return after === undefined || [')', '}', ']', ',', ';'].includes(after)
}

/** The 26.1002 shape: the condition skips the allowlist for a custom provider, or a configured catalog comes first. */
function isBypassedGate(source: string, question: number, model: string): boolean {
  const before = source.slice(Math.max(0, question - CONTEXT_WINDOW), question)
  const condition = source.slice(findExpressionStart(source, question), question)
  const customProvider = lastDestructured(before, 'isCustomModelProvider')
  if (customProvider && new RegExp(`(^|[^\\w$])!${escapeRegExp(customProvider)}(?![\\w$])`).test(condition)) return true
  const configuredCatalog = lastDestructured(before, 'hasConfiguredModelCatalog')
  if (!configuredCatalog) return false
  const catalogFirst = new RegExp(
    `(^|[^\\w$])${escapeRegExp(configuredCatalog)}&&!${escapeRegExp(model)}\\.hidden\\|\\|`,
  )
  return catalogFirst.test(source.slice(source.lastIndexOf('hasConfiguredModelCatalog:', question), question))
}

function lastDestructured(text: string, key: string): string | undefined {
  const matches = [...text.matchAll(new RegExp(`[{,]${key}:([A-Za-z_$][\\w$]*)`, 'g'))]
  return matches.at(-1)?.[1]
}

function escapeRegExp(text: string): string {
  return text.replace(/[$]/g, '\\$&')
}

/** The source with every gate in `gates` rewritten (positions from the same source). */
export function applyPickerGates(source: string, gates: readonly PickerGate[]): string {
  let result = source
  for (const gate of [...gates].sort((a, b) => b.start - a.start))
    result = result.slice(0, gate.start) + gate.replacement + result.slice(gate.end)
  return result
}
