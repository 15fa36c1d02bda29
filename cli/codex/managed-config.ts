import { stringify } from 'smol-toml'
import { CODEX_PROVIDER_ID } from '../../shared/constants'
import { codexProviderTable, type CodexCommandAuth } from './provider-settings'

/**
 * The marked block codex-shim keeps in Codex's config.toml, as pure text edits so that the user's own bytes
 * never change: our keys go in a region at the top (top-level keys must precede every table) and our provider
 * table in a region at the end; a top-level key of the user's that ours would clash with is commented out in
 * place with a marker, and uncommented by `removeManagedConfig`. Install then remove gives back the exact
 * original; install twice gives the same bytes as once.
 */
export const BEGIN_MARKER = '# >>> codex-shim managed: `codex-shim disable` removes this block >>>'
export const END_MARKER = '# <<< codex-shim managed <<<'
/** On the provider region's begin line when we had to add a final newline to the user's file. */
const ADDED_NEWLINE_FLAG = ' (newline added)'
export const DISPLACED_PREFIX = '# codex-shim displaced: '

/** The top-level keys the block sets; a user's own values for them are displaced while it is installed. */
const MANAGED_KEYS = ['model', 'model_provider', 'model_catalog_json'] as const

export interface ManagedSettings {
  model: string
  catalogPath: string
  port: number
  /** Set when the installed Codex reads a provider's catalog URL (0.169 does). */
  catalogUrl?: string
  /** How Codex gets the gateway token (a command it runs; the token itself is never written here). */
  auth: CodexCommandAuth
}

export function installManagedConfig(original: string, settings: ManagedSettings): string {
  const base = removeManagedConfig(original)
  const eol = base.includes('\r\n') ? '\r\n' : '\n'
  const lines = displaceClashingLines(splitLines(base))
  const top = [
    BEGIN_MARKER,
    ...tomlLines({ model: settings.model, model_provider: CODEX_PROVIDER_ID, model_catalog_json: settings.catalogPath }),
    END_MARKER,
  ]
  const provider = { ...codexProviderTable(settings.port, settings.auth), ...(settings.catalogUrl ? { model_catalog_url: settings.catalogUrl } : {}) }
  // Lines keep their own CR, so LF rejoins them exactly.
  const body = lines.join('\n')
  const needsNewline = body !== '' && !body.endsWith('\n')
  const bottom = [
    BEGIN_MARKER + (needsNewline ? ADDED_NEWLINE_FLAG : ''),
    ...tomlLines({ model_providers: { [CODEX_PROVIDER_ID]: provider } }),
    END_MARKER,
  ]
  return top.join(eol) + eol + body + (needsNewline ? eol : '') + bottom.join(eol) + eol
}

/** The user's file as it was before `installManagedConfig`, byte for byte. */
export function removeManagedConfig(text: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const lines = splitLines(text)
  const kept: string[] = []
  let isInside = false
  let removeNewlineAdded = false
  for (const line of lines) {
    const bare = line.replace(/\r$/, '')
    if (!isInside && bare.startsWith(BEGIN_MARKER)) {
      isInside = true
      if (bare.endsWith(ADDED_NEWLINE_FLAG)) removeNewlineAdded = true
      continue
    }
    if (isInside) {
      if (bare === END_MARKER) isInside = false
      continue
    }
    kept.push(line.startsWith(DISPLACED_PREFIX) ? line.slice(DISPLACED_PREFIX.length) : line)
  }
  let result = kept.join('\n')
  // `kept` ends with '' when the text ended with a newline; the regions themselves always end with one.
  if (removeNewlineAdded && result.endsWith(eol)) result = result.slice(0, -eol.length)
  return result
}

/** The model our block selects, if the block is installed. */
export function managedModel(text: string): string | undefined {
  const lines = splitLines(text)
  const start = lines.findIndex((line) => line.startsWith(BEGIN_MARKER))
  if (start === -1) return undefined
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith(END_MARKER)) break
    const match = /^model\s*=\s*(".*")\s*\r?$/.exec(line)
    if (match?.[1]) return JSON.parse(match[1]) as string
  }
  return undefined
}

export function isManagedConfigInstalled(text: string): boolean {
  return splitLines(text).some((line) => line.startsWith(BEGIN_MARKER))
}

/** Lines split on LF; a CR before it stays on the line, so CRLF files come back unchanged. */
function splitLines(text: string): string[] {
  return text.split('\n')
}

function tomlLines(value: Record<string, unknown>): string[] {
  return stringify(value).trimEnd().split('\n').filter((line) => line !== '')
}

/**
 * Comments out, in place, the user's top-level `model`, `model_provider` and `model_catalog_json` lines and
 * any table of their own named like ours: both would clash with the block (a TOML key or table defined twice).
 */
function displaceClashingLines(lines: string[]): string[] {
  let isTopLevel = true
  let isInOurTable = false
  return lines.map((line) => {
    const trimmed = line.trim()
    if (trimmed.startsWith('[')) {
      isTopLevel = false
      isInOurTable = /^\[\s*model_providers\s*\.\s*("?)codex_shim\1\s*\]/.test(trimmed)
    }
    if (isInOurTable) return DISPLACED_PREFIX + line
    if (isTopLevel && MANAGED_KEYS.some((key) => new RegExp(`^${key}\\s*=`).test(trimmed))) return DISPLACED_PREFIX + line
    return line
  })
}
