import fc from 'fast-check'
import { parse, stringify } from 'smol-toml'
import { describe, expect, test } from 'vitest'
import { installManagedConfig, managedModel, removeManagedConfig } from '../../cli/codex/managed-config'

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
    const value = parse(installed) as Record<string, any>
    expect(value.model).toBe('deepseek-chat')
    expect(value.model_provider).toBe('codex_shim')
    expect(value.model_catalog_json).toBe(settings.catalogPath)
    expect(value.model_providers.codex_shim).toMatchObject({ base_url: 'http://127.0.0.1:8765/v1', wire_api: 'responses', stream_idle_timeout_ms: 600000 })
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
    expect((parse(installed) as Record<string, any>).model_providers.codex_shim.base_url).toBe('http://127.0.0.1:8765/v1')
    expect(removeManagedConfig(installed)).toBe(original)
  })

  test('CRLF files keep their line endings', () => {
    const original = 'model = "a"\r\n[t]\r\nk = 1\r\n'
    const installed = installManagedConfig(original, settings)
    expect(installed.split('\n').slice(0, -1).every((line) => line.endsWith('\r'))).toBe(true)
    expect(removeManagedConfig(installed)).toBe(original)
  })

  test('paths with quotes and backslashes are escaped into valid TOML', () => {
    const weird = { ...settings, catalogPath: 'C:\\Users\\Dev "Q"\\catalog.json' }
    expect((parse(installManagedConfig('', weird)) as Record<string, unknown>).model_catalog_json).toBe(weird.catalogPath)
  })
})

/** Random user configs built from valid TOML pieces: comments, blank lines, top-level keys, tables, arrays. */
const key = fc.constantFrom('approval_policy', 'sandbox_mode', 'model', 'model_provider', 'model_catalog_json', 'notify', 'x_extra', 'model_reasoning_effort')
const value = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }))
const keyLine = fc.tuple(key, value).map(([name, raw]) => stringify({ [name]: raw }).trimEnd())
const comment = fc.string({ maxLength: 20 }).map((text) => `# ${text.replace(/[\r\n]/g, ' ')}`)
const blank = fc.constant('')
const tableName = fc.constantFrom('profiles.dev', 'profiles.fast', 'model_providers.openrouter', 'mcp_servers.docs', 'tui', 'model_providers.codex_shim')
const table = fc.tuple(tableName, fc.array(fc.oneof(keyLine, comment, blank), { maxLength: 4 })).map(([name, lines]) => [`[${name}]`, ...lines])
const userConfig = fc
  .tuple(fc.array(fc.oneof(keyLine, comment, blank), { maxLength: 6 }), fc.uniqueArray(table, { maxLength: 3, selector: ([header]) => header }), fc.boolean(), fc.boolean())
  .map(([top, tables, finalNewline, crlf]) => {
    const seen = new Set<string>()
    // A TOML key may appear once per table: keep the first of each in the top level.
    const topLines = top.filter((line) => {
      const name = /^(\w+) =/.exec(line)?.[1]
      if (name === undefined) return true
      if (seen.has(name)) return false
      seen.add(name)
      return true
    })
    const tableLines = tables.flatMap((lines) => {
      const names = new Set<string>()
      return lines.filter((line) => {
        const name = /^(\w+) =/.exec(line)?.[1]
        if (name === undefined) return true
        if (names.has(name)) return false
        names.add(name)
        return true
      })
    })
    const text = [...topLines, ...tableLines].join(crlf ? '\r\n' : '\n')
    return text === '' ? text : text + (finalNewline ? (crlf ? '\r\n' : '\n') : '')
  })
  .filter((text) => {
    try {
      parse(text)
      return true
    } catch {
      return false
    }
  })

test('property: enable → model use → disable restores any valid user config exactly', () => {
  fc.assert(
    fc.property(userConfig, fc.constantFrom('a', 'b-c', 'gpt-5.5'), (original, nextModel) => {
      const enabled = installManagedConfig(original, settings)
      const switched = installManagedConfig(enabled, { ...settings, model: nextModel })
      const parsed = parse(switched) as Record<string, any>
      expect(parsed.model).toBe(nextModel)
      expect(parsed.model_provider).toBe('codex_shim')
      const restored = removeManagedConfig(switched)
      expect(restored).toBe(original)
      expect(parse(restored)).toEqual(parse(original))
    }),
    { numRuns: 400 },
  )
})
