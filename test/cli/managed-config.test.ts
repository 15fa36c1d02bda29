import fc from 'fast-check'
import { parse, stringify } from 'smol-toml'
import { describe, expect, test } from 'vitest'
import {
  BEGIN_MARKER,
  END_MARKER,
  hasLegacyManagedBlock,
  installManagedConfig,
  isManagedConfigInstalled,
  managedModel,
  removeManagedConfig,
} from '../../cli/codex/managed-config'
import type { ParsedTree } from '../kit/parsed-tree'

const settings = {
  model: 'deepseek-chat',
  catalogPath: '/home/u/.codex-shim/model-catalog.json',
  port: 8765,
  auth: { command: '/usr/bin/node', args: ['/opt/codex-shim/dist/cli.js', 'token', '--home', '/home/u/.codex-shim'] },
}

describe('the managed block', () => {
  test('install puts our keys first and our provider last, and displaces clashing user keys in place', () => {
    const original = '# mine\nmodel = "gpt-5.5"\nmodel_provider = "openai"\n\n[profiles.dev]\nmodel = "o3"\n'
    const installed = installManagedConfig(original, settings)
    const value = parse(installed) as ParsedTree
    expect(value.model).toBe('deepseek-chat')
    expect(value.model_provider).toBe('codex_shim')
    expect(value.model_catalog_json).toBe(settings.catalogPath)
    expect(value.model_providers.codex_shim).toMatchObject({
      base_url: 'http://127.0.0.1:8765/v1',
      wire_api: 'responses',
      stream_idle_timeout_ms: 600000,
    })
    expect(value.model_providers.codex_shim.auth).toEqual(settings.auth)
    expect(value.model_providers.codex_shim.experimental_bearer_token).toBeUndefined()
    expect(value.profiles.dev.model).toBe('o3')
    expect(installed).toContain('# codex-shim displaced: model = "gpt-5.5"')
    expect(managedModel(installed)).toBe('deepseek-chat')
  })

  test('install twice is byte-identical to once; install then remove gives back the exact original', () => {
    const original = 'model = "a"\n[x]\ny = 1'
    const once = installManagedConfig(original, settings)
    expect(installManagedConfig(once, settings)).toBe(once)
    expect(removeManagedConfig(once)).toBe(original)
  })

  test('a user table named like ours is set aside while the block is in, and restored after', () => {
    const original = '[model_providers.codex_shim]\nname = "old"\nbase_url = "http://old"\n'
    const installed = installManagedConfig(original, settings)
    expect((parse(installed) as ParsedTree).model_providers.codex_shim.base_url).toBe('http://127.0.0.1:8765/v1')
    expect(removeManagedConfig(installed)).toBe(original)
  })

  test('CRLF files keep their line endings', () => {
    const original = 'model = "a"\r\n[t]\r\nk = 1\r\n'
    const installed = installManagedConfig(original, settings)
    expect(
      installed
        .split('\n')
        .slice(0, -1)
        .every((line) => line.endsWith('\r')),
    ).toBe(true)
    expect(removeManagedConfig(installed)).toBe(original)
  })

  test('paths with quotes and backslashes are escaped into valid TOML', () => {
    const weird = { ...settings, catalogPath: 'C:\\Users\\Dev "Q"\\catalog.json' }
    expect((parse(installManagedConfig('', weird)) as Record<string, unknown>).model_catalog_json).toBe(
      weird.catalogPath,
    )
  })
})

/** The end region's marker is the last one; Codex appends its tables right before it. */
function beforeLastEnd(text: string, insert: string): string {
  const at = text.lastIndexOf(END_MARKER)
  return text.slice(0, at) + insert + text.slice(at)
}
const withoutLastEnd = (text: string) =>
  text.slice(0, text.lastIndexOf(END_MARKER)) + text.slice(text.lastIndexOf(END_MARKER) + END_MARKER.length + 1)

describe('regions hold only what we wrote', () => {
  test('a table Codex appended inside the end region (`codex mcp add`) survives removal, in place', () => {
    const original = 'approval_policy = "never"\n'
    const installed = installManagedConfig(original, settings)
    const withCodexEdit = beforeLastEnd(installed, '\n[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs"]\n')
    expect((parse(withCodexEdit) as ParsedTree).mcp_servers.docs.command).toBe('npx')
    const removed = removeManagedConfig(withCodexEdit)
    expect(removed).toBe('approval_policy = "never"\n\n[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs"]\n')
    expect(removed).not.toContain('codex_shim')
  })

  test('a top-level key Codex added inside the top region survives; a model Codex changed there is ours and goes', () => {
    const installed = installManagedConfig('model = "mine"\n', settings)
    const edited = installed
      .replace('model = "deepseek-chat"', 'model = "picked-in-tui"')
      .replace(
        `model_catalog_json = "${settings.catalogPath}"`,
        `model_catalog_json = "${settings.catalogPath}"\nmodel_reasoning_effort = "high"`,
      )
    expect(removeManagedConfig(edited)).toBe('model_reasoning_effort = "high"\nmodel = "mine"\n')
  })

  test('when foreign content is kept after a file without a final newline, the newline we added stays', () => {
    const installed = installManagedConfig('a = 1', settings)
    const edited = beforeLastEnd(installed, '[features]\nx = true\n')
    expect(removeManagedConfig(edited)).toBe('a = 1\n[features]\nx = true\n')
  })
})

describe('edits that cannot destroy', () => {
  test.each([
    ['a deleted end marker', withoutLastEnd, /block starts here, but its end marker is missing/],
    [
      'a deleted begin marker',
      (text: string) => text.replace(`${BEGIN_MARKER}\n`, ''),
      /block ends here, but no block starts before it/,
    ],
    [
      'a nested begin marker',
      (text: string) =>
        text.replace('model_provider = "codex_shim"\n', `model_provider = "codex_shim"\n${BEGIN_MARKER}\n`),
      /another one starts on line \d+ before it ends/,
    ],
  ])('%s is refused, naming the line and the fix', (_, damage, message) => {
    const damaged = damage(installManagedConfig('approval_policy = "never"\n[tui]\nx = 1\n', settings))
    expect(() => removeManagedConfig(damaged)).toThrow(message)
    expect(() => installManagedConfig(damaged, settings)).toThrow(/line \d+/)
  })

  test('lines inside a multi-line string that read like our keys, tables or markers are left alone', () => {
    const original = [
      'notes = """',
      'model = "not a key"',
      '[model_providers.codex_shim]',
      BEGIN_MARKER,
      '"""',
      "lit = '''",
      '# codex-shim displaced: kept',
      "'''",
      '',
    ].join('\n')
    const installed = installManagedConfig(original, settings)
    expect((parse(installed) as ParsedTree).notes).toBe(
      `model = "not a key"\n[model_providers.codex_shim]\n${BEGIN_MARKER}\n`,
    )
    expect(installed).not.toContain('# codex-shim displaced: model = "not a key"')
    expect(removeManagedConfig(installed)).toBe(original)
  })

  test('a multi-line value of a clashing key is displaced whole and restored whole', () => {
    const original = 'model = """\ngpt-5.5"""\nx = 1\n'
    const installed = installManagedConfig(original, settings)
    expect((parse(installed) as ParsedTree).model).toBe('deepseek-chat')
    expect(removeManagedConfig(installed)).toBe(original)
  })

  test('dotted keys and inline tables that define part of our provider are displaced', () => {
    const original =
      'model_providers.codex_shim.name = "old"\n[model_providers]\nother = { name = "o" }\ncodex_shim.base_url = "x"\n'
    const installed = installManagedConfig(original, settings)
    const value = parse(installed) as ParsedTree
    expect(value.model_providers.other.name).toBe('o')
    expect(value.model_providers.codex_shim.name).toBe('codex-shim')
    expect(removeManagedConfig(installed)).toBe(original)
  })

  test('a model_providers written as one inline table is refused with the fix', () => {
    expect(() => installManagedConfig('model_providers = { other = { name = "o" } }\n', settings)).toThrow(
      /inline table/,
    )
  })

  test('a UTF-8 BOM stays the first character and the round trip is exact', () => {
    const original = '\uFEFFmodel = "mine"\r\n[tui]\r\nx = 1\r\n'
    const installed = installManagedConfig(original, settings)
    expect(installed.startsWith(`\uFEFF${BEGIN_MARKER}`)).toBe(true)
    expect(installed.indexOf('\uFEFF', 1)).toBe(-1)
    expect((parse(installed) as ParsedTree).model).toBe('deepseek-chat')
    expect(managedModel(installed)).toBe('deepseek-chat')
    expect(installManagedConfig(installed, settings)).toBe(installed)
    expect(removeManagedConfig(installed)).toBe(original)
  })
})

/**
 * Random user configs built from valid TOML pieces: comments, blank lines, top-level keys (some named like ours),
 * multi-line basic and literal strings (holding lines that look like keys, tables and our markers), arrays over
 * several lines, inline tables, dotted keys, tables and arrays of tables, with LF or CRLF, a BOM or not, and a
 * final newline or not.
 */
const keyName = fc.constantFrom(
  'approval_policy',
  'sandbox_mode',
  'model',
  'model_provider',
  'model_catalog_json',
  'notify',
  'x_extra',
  'model_reasoning_effort',
  'codex_shim.name',
  'a.b',
)
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
)
const trickyLine = fc.constantFrom(
  'model = "inside a string"',
  '[model_providers.codex_shim]',
  BEGIN_MARKER,
  END_MARKER,
  '# codex-shim displaced: x',
  '[[x]]',
  'plain text',
)
const valueText = fc.oneof(
  scalar.map((raw) => stringify({ v: raw }).trimEnd().slice('v = '.length)),
  fc.array(trickyLine, { minLength: 1, maxLength: 3 }).map((lines) => `"""\n${lines.join('\n')}"""`),
  fc.array(trickyLine, { minLength: 1, maxLength: 3 }).map((lines) => `'''\n${lines.join('\n')}\n'''`),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }).map((items) => `[\n  ${items.join(',\n  ')},\n]`),
  fc.constant('{ a = 1, b = "two" }'),
)
const keyStatement = fc.tuple(keyName, valueText).map(([name, value]) => `${name} = ${value}`)
const comment = fc.string({ maxLength: 20 }).map((text) => `# ${text.replace(/[\r\n]/g, ' ')}`)
const blank = fc.constant('')
const tableHeader = fc.constantFrom(
  '[profiles.dev]',
  '[profiles.fast]',
  '[model_providers.openrouter]',
  '[mcp_servers.docs]',
  '[tui]',
  '[model_providers.codex_shim]',
  '[[hooks.items]]',
  '[model_providers]',
)
const table = fc
  .tuple(tableHeader, fc.array(fc.oneof(keyStatement, comment, blank), { maxLength: 4 }))
  .map(([header, lines]) => [header, ...lines])
const userConfig = fc
  .tuple(
    fc.array(fc.oneof(keyStatement, comment, blank), { maxLength: 6 }),
    fc.array(table, { maxLength: 3 }),
    fc.boolean(),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([top, tables, finalNewline, crlf, bom]) => {
    const text = [...top, ...tables.flat()]
      .join('\n')
      .split('\n')
      .join(crlf ? '\r\n' : '\n')
    const body = text === '' ? text : text + (finalNewline ? (crlf ? '\r\n' : '\n') : '')
    return (bom ? '\uFEFF' : '') + body
  })
  .filter((text) => {
    try {
      parse(text)
      return true
    } catch {
      // Duplicate keys or tables: not a valid config, so not one a user could have.
      return false
    }
  })

test('property: enable → model use → disable restores any valid user config exactly', () => {
  fc.assert(
    fc.property(userConfig, fc.constantFrom('a', 'b-c', 'gpt-5.5'), (original, nextModel) => {
      const enabled = installManagedConfig(original, settings)
      const switched = installManagedConfig(enabled, { ...settings, model: nextModel })
      const parsed = parse(switched) as ParsedTree
      expect(parsed.model).toBe(nextModel)
      expect(parsed.model_provider).toBe('codex_shim')
      expect(parsed.model_providers.codex_shim.base_url).toBe('http://127.0.0.1:8765/v1')
      expect(installManagedConfig(switched, { ...settings, model: nextModel })).toBe(switched)
      expect(removeManagedConfig(switched)).toBe(original)
    }),
    { numRuns: 1000 },
  )
})

describe('a block written by the original Python codex-shim', () => {
  const legacy = [
    '# >>> codex-shim managed >>>',
    '# codex-shim previous-top-level = {"model": "model = \\"gpt-5.5\\"", "model_provider": "model_provider = \\"openai\\""}',
    'model = "deepseek-chat"',
    'model_provider = "codex_shim"',
    'model_catalog_json = "/old/catalog.json"',
    '# <<< codex-shim managed <<<',
    'approval_policy = "never"',
    '',
    '[profiles.dev]',
    'model = "o3"',
    '',
    '# >>> codex-shim managed >>>',
    '[model_providers.codex_shim]',
    'name = "Codex Shim"',
    'base_url = "http://127.0.0.1:8765/v1"',
    'experimental_bearer_token = "dummy"',
    '# <<< codex-shim managed <<<',
    '',
  ].join('\n')
  const usersOwn =
    'model = "gpt-5.5"\nmodel_provider = "openai"\napproval_policy = "never"\n\n[profiles.dev]\nmodel = "o3"\n\n'

  test('is recognised: removal takes it out and puts back the lines it had taken from the user', () => {
    expect(isManagedConfigInstalled(legacy)).toBe(true)
    expect(hasLegacyManagedBlock(legacy)).toBe(true)
    expect(removeManagedConfig(legacy)).toBe(usersOwn)
  })

  test('is migrated by install: ours replaces it, and removal then gives back the user’s own lines exactly', () => {
    const migrated = installManagedConfig(legacy, settings)
    expect(hasLegacyManagedBlock(migrated)).toBe(false)
    const value = parse(migrated) as ParsedTree
    expect(value.model).toBe('deepseek-chat')
    expect(value.model_providers.codex_shim.auth).toEqual(settings.auth)
    expect(value.profiles.dev.model).toBe('o3')
    expect(migrated).toContain('# codex-shim displaced: model = "gpt-5.5"')
    expect(removeManagedConfig(migrated)).toBe(usersOwn)
  })
})

describe('remote gateways in the block', () => {
  const remote = {
    name: 'codex-shim (team)',
    base_url: 'https://gw.team.example/v1',
    env_http_headers: { 'CF-Access-Client-Id': 'CF_ID', 'CF-Access-Client-Secret': 'CF_SECRET' },
  }
  const withRemote = {
    ...settings,
    provider: 'codex_shim_team',
    catalogPath: '/home/u/.codex-shim/remotes/team/model-catalog.json',
    extraProviders: { codex_shim_team: remote },
  }

  test('the block can select a remote provider, keeping the local one beside it', () => {
    const installed = installManagedConfig('approval_policy = "never"\n', withRemote)
    const value = parse(installed) as ParsedTree
    expect(value.model_provider).toBe('codex_shim_team')
    expect(value.model_catalog_json).toBe(withRemote.catalogPath)
    expect(value.model_providers.codex_shim_team).toEqual(remote)
    expect(value.model_providers.codex_shim.base_url).toBe('http://127.0.0.1:8765/v1')
  })

  test('remote tables are ours (gone on removal); a user table in that namespace is displaced and restored', () => {
    const original = '[model_providers.codex_shim_team]\nname = "mine"\n'
    const installed = installManagedConfig(original, withRemote)
    expect((parse(installed) as ParsedTree).model_providers.codex_shim_team.name).toBe('codex-shim (team)')
    expect(removeManagedConfig(installed)).toBe(original)
    expect(removeManagedConfig(installManagedConfig('', withRemote))).toBe('')
  })
})
