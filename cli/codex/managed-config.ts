import { parse, stringify } from 'smol-toml'
import { CODEX_PROVIDER_ID } from '../../shared/constants'
import { codexProviderTable, type CodexCommandAuth } from './provider-settings'
import { splitTomlStatements, type TomlStatement } from './toml-statements'

/**
 * The marked block codex-shim keeps in Codex's config.toml, as text edits so that the user's own bytes never
 * change: our keys go in a region at the top (top-level keys must precede every table) and our provider table in
 * a region at the end; a key or table of the user's that ours would clash with is commented out in place with a
 * marker, and uncommented again on removal. Install then remove gives back the exact original; install twice
 * gives the same bytes as once.
 *
 * A region holds only what we wrote. Codex edits this file too (`codex mcp add`, `codex features enable`, the
 * Desktop app's trust settings) and appends its tables at the end, which is inside our end region: whatever is
 * in a region that is not one of our keys or tables is the user's, and stays where it is when the region goes.
 */
export const BEGIN_MARKER = '# >>> codex-shim managed: `codex-shim disable` removes this block >>>'
export const END_MARKER = '# <<< codex-shim managed <<<'
/** On the provider region's begin line when we had to add a final newline to the user's file. */
const ADDED_NEWLINE_FLAG = ' (newline added)'
export const DISPLACED_PREFIX = '# codex-shim displaced: '
/**
 * The original Python codex-shim's begin marker (its end marker is the same as ours). It removed the user's
 * clashing top-level lines and kept them as JSON on a metadata line inside its top region.
 */
const LEGACY_BEGIN_MARKER = '# >>> codex-shim managed >>>'
const LEGACY_DISPLACED_PREFIX = '# codex-shim previous-top-level = '
const BOM = '\uFEFF'

/** The top-level keys the block sets; a user's own values for them are displaced while it is installed. */
const MANAGED_KEYS: readonly string[] = ['model', 'model_provider', 'model_catalog_json']

/** Our provider tables: the local gateway's (`codex_shim`) and each remote's (`codex_shim_<name>`). */
function isOurProviderPath(path: readonly string[]): boolean {
  const id = path[1]
  return (
    path[0] === 'model_providers' &&
    id !== undefined &&
    (id === CODEX_PROVIDER_ID || id.startsWith(`${CODEX_PROVIDER_ID}_`))
  )
}

export interface ManagedSettings {
  model: string
  /** The provider the block selects: the local gateway (default) or a remote's `codex_shim_<name>`. */
  provider?: string
  /** The catalog of the selected provider. */
  catalogPath: string
  port: number
  /** Set when the installed Codex reads a provider's catalog URL (0.169 does). */
  catalogUrl?: string
  /** How Codex gets the gateway token (a command it runs; the token itself is never written here). */
  auth: CodexCommandAuth
  /** More provider tables for the end region, by id: deployed gateways added with `codex-shim remote add`. */
  extraProviders?: Record<string, Record<string, unknown>>
}

/** Why the file cannot be edited safely, with the line (1-based) and what the user can do by hand. */
export class ManagedBlockProblem extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`line ${line}: ${problem}`)
    this.name = 'ManagedBlockProblem'
  }
}

export function installManagedConfig(original: string, settings: ManagedSettings): string {
  const { bom, text } = splitBom(removeManagedConfig(original))
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const lines = displaceClashes(text.split('\n'))
  const top = [
    BEGIN_MARKER,
    ...tomlLines({
      model: settings.model,
      model_provider: settings.provider ?? CODEX_PROVIDER_ID,
      model_catalog_json: settings.catalogPath,
    }),
    END_MARKER,
  ]
  const provider = {
    ...codexProviderTable(settings.port, settings.auth),
    ...(settings.catalogUrl ? { model_catalog_url: settings.catalogUrl } : {}),
  }
  // Lines keep their own CR, so LF rejoins them exactly.
  const body = lines.join('\n')
  const needsNewline = body !== '' && !body.endsWith('\n')
  const bottom = [
    BEGIN_MARKER + (needsNewline ? ADDED_NEWLINE_FLAG : ''),
    ...tomlLines({ model_providers: { [CODEX_PROVIDER_ID]: provider, ...settings.extraProviders } }),
    END_MARKER,
  ]
  return bom + top.join(eol) + eol + body + (needsNewline ? eol : '') + bottom.join(eol) + eol
}

/** The user's file without our regions and with their displaced lines back: byte for byte what it was. */
export function removeManagedConfig(original: string): string {
  const { bom, text } = splitBom(original)
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const lines = text.split('\n')
  const statements = splitTomlStatements(lines)
  const regions = findRegions(lines, statements)
  if (regions.length === 0 && !lines.some((line) => line.startsWith(DISPLACED_PREFIX))) return original

  const kept: string[] = []
  let stripAddedNewline = false
  const restoredLegacyLines = legacyDisplacedLines(lines, regions, statements)
  for (const statement of statements) {
    const region = regions.find((candidate) => candidate.begin <= statement.start && statement.end <= candidate.end)
    const own = lines.slice(statement.start, statement.end + 1)
    // The original tool took the user's lines out; they go back where its top region was.
    if (region?.isLegacy && statement.start === region.begin && region === regions[0]) kept.push(...restoredLegacyLines)
    if (region === undefined) {
      // Only a comment can be a displaced line: text inside a multi-line string stays exactly as it is.
      kept.push(
        ...own.map((line) =>
          statement.kind === 'trivia' && line.startsWith(DISPLACED_PREFIX) ? line.slice(DISPLACED_PREFIX.length) : line,
        ),
      )
      continue
    }
    if (
      statement.start === region.begin ||
      statement.start === region.end ||
      isOurs(statement) ||
      isLegacyMetadata(region, lines[statement.start])
    )
      continue
    region.keptForeign = true
    kept.push(...own)
  }
  for (const region of regions) if (region.hasAddedNewline && !region.keptForeign) stripAddedNewline = true
  let result = kept.join('\n')
  // `kept` ends with '' when the text ended with a newline; the regions themselves always end with one.
  if (stripAddedNewline && result.endsWith(eol)) result = result.slice(0, -eol.length)
  return bom + result
}

/** The model our block selects, if the block is installed (the top-level `model`, which is ours then). */
export function managedModel(text: string): string | undefined {
  if (!isManagedConfigInstalled(text)) return undefined
  try {
    const model = (parse(text) as { model?: unknown }).model
    return typeof model === 'string' ? model : undefined
  } catch {
    // A file that does not parse has no model we could report; the commands that edit it say why.
    return undefined
  }
}

export function isManagedConfigInstalled(text: string): boolean {
  return text.split('\n').some((line) => {
    const bare = line
      .replace(/^\uFEFF/, '')
      .replace(/\r$/, '')
      .trimEnd()
    return bare.startsWith(BEGIN_MARKER) || bare === LEGACY_BEGIN_MARKER
  })
}

/** A block the original Python codex-shim wrote (`enable` replaces it with ours, and says so). */
export function hasLegacyManagedBlock(text: string): boolean {
  return text.split('\n').some(
    (line) =>
      line
        .replace(/^\uFEFF/, '')
        .replace(/\r$/, '')
        .trimEnd() === LEGACY_BEGIN_MARKER,
  )
}

interface Region {
  begin: number
  end: number
  hasAddedNewline: boolean
  keptForeign: boolean
  /** Written by the original tool, whose displaced lines live in a metadata comment. */
  isLegacy: boolean
}

function isLegacyMetadata(region: Region, line: string | undefined): boolean {
  return region.isLegacy && (line ?? '').startsWith(LEGACY_DISPLACED_PREFIX)
}

/**
 * The lines the original tool displaced, from its metadata (`{"model": "model = \"gpt-5.5\"", ...}`, the
 * original full lines), in its order, leaving out any key the file defines again at the top level.
 */
function legacyDisplacedLines(
  lines: readonly string[],
  regions: readonly Region[],
  statements: readonly TomlStatement[],
): string[] {
  const metadata = lines.find(
    (line, index) =>
      line.startsWith(LEGACY_DISPLACED_PREFIX) &&
      regions.some((region) => region.isLegacy && region.begin < index && index < region.end),
  )
  if (metadata === undefined) return []
  let saved: Record<string, unknown>
  try {
    saved = JSON.parse(metadata.slice(LEGACY_DISPLACED_PREFIX.length).replace(/\r$/, '')) as Record<string, unknown>
  } catch {
    // Damaged metadata: the original's displaced lines cannot be recovered, and nothing else depends on them.
    return []
  }
  const outside = (statement: TomlStatement) =>
    !regions.some((region) => region.begin <= statement.start && statement.end <= region.end)
  const present = new Set(
    statements
      .filter((statement) => statement.kind === 'key' && statement.path.length === 1 && outside(statement))
      .map((statement) => (statement.kind === 'key' ? statement.path[0] : '')),
  )
  const eol = lines[0]?.endsWith('\r') ? '\r' : ''
  return MANAGED_KEYS.flatMap((key) => {
    const line = saved[key]
    return typeof line === 'string' && !present.has(key) ? line.split('\n').map((part) => part + eol) : []
  })
}

/** Our regions, by their marker comments; a begin without an end, or one inside another, is refused. */
function findRegions(lines: readonly string[], statements: readonly TomlStatement[]): Region[] {
  const regions: Region[] = []
  let open: number | undefined
  for (const statement of statements) {
    if (statement.kind !== 'trivia') continue
    const line = (lines[statement.start] ?? '').replace(/\r$/, '').trimEnd()
    if (line.startsWith(BEGIN_MARKER) || line === LEGACY_BEGIN_MARKER) {
      if (open !== undefined) {
        throw new ManagedBlockProblem(
          open + 1,
          `a codex-shim block starts here, but another one starts on line ${statement.start + 1} before it ends`,
          `Put \`${END_MARKER}\` back where the first block ends, or delete the blocks by hand, then run the command again.`,
        )
      }
      open = statement.start
    } else if (line === END_MARKER) {
      if (open === undefined) {
        throw new ManagedBlockProblem(
          statement.start + 1,
          'a codex-shim block ends here, but no block starts before it',
          `Put \`${BEGIN_MARKER}\` back where the block starts, or delete this line and the block by hand, then run the command again.`,
        )
      }
      const beginLine = (lines[open] ?? '').replace(/\r$/, '').trimEnd()
      regions.push({
        begin: open,
        end: statement.start,
        hasAddedNewline: beginLine.includes(ADDED_NEWLINE_FLAG),
        keptForeign: false,
        isLegacy: beginLine === LEGACY_BEGIN_MARKER,
      })
      open = undefined
    }
  }
  if (open !== undefined) {
    throw new ManagedBlockProblem(
      open + 1,
      'a codex-shim block starts here, but its end marker is missing',
      `Put \`${END_MARKER}\` back after the block's last line, or delete the block by hand, then run the command again.`,
    )
  }
  return regions
}

/** Statements we write: our top-level keys, and our provider table with everything in it (paths are full). */
function isOurs(statement: TomlStatement): boolean {
  if (statement.kind === 'trivia') return false
  if (statement.kind === 'key' && statement.path.length === 1 && MANAGED_KEYS.includes(statement.path[0] ?? ''))
    return true
  return isOurProviderPath(statement.path)
}

/**
 * Comments out, in place, the user's statements that would clash with the block (a TOML key or table defined
 * twice): top-level `model`, `model_provider` and `model_catalog_json`, a table of their own named like ours
 * (with everything in it), and keys that define part of it. A `model_providers` written as one inline table
 * cannot take our table at all: that is refused with the fix.
 */
function displaceClashes(lines: string[]): string[] {
  const statements = splitTomlStatements(lines)
  const result = [...lines]
  let isInOurTable = false
  for (const statement of statements) {
    if (statement.kind === 'table') isInOurTable = isOurProviderPath(statement.path)
    if (
      statement.kind === 'key' &&
      statement.isInlineTable &&
      statement.path.length === 1 &&
      statement.path[0] === 'model_providers'
    ) {
      throw new ManagedBlockProblem(
        statement.start + 1,
        "`model_providers` is written as one inline table, which cannot take codex-shim's provider table",
        'Write each provider as its own `[model_providers.NAME]` table, then run the command again.',
      )
    }
    const clashes =
      isInOurTable ||
      (statement.kind === 'key' &&
        ((statement.path.length === 1 && MANAGED_KEYS.includes(statement.path[0] ?? '')) ||
          isOurProviderPath(statement.path)))
    if (!clashes) continue
    for (let line = statement.start; line <= statement.end; line++)
      result[line] = DISPLACED_PREFIX + (lines[line] ?? '')
  }
  return result
}

function splitBom(text: string): { bom: string; text: string } {
  // Notepad and PowerShell write a BOM; it stays the file's first character, before our region.
  return text.startsWith(BOM) ? { bom: BOM, text: text.slice(BOM.length) } : { bom: '', text }
}

function tomlLines(value: Record<string, unknown>): string[] {
  return stringify(value)
    .trimEnd()
    .split('\n')
    .filter((line) => line !== '')
}
