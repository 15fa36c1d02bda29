import { describe, expect, test } from 'vitest'
import { applyPickerGates, PATCH_MARKER, scanPickerGates } from '../../../cli/desktop/picker-gate'
import { CURRENT_GATE, OLDER_GATE } from './fake-desktop-app'

describe('the picker gate, matched by shape', () => {
  test('26.1002: one gate, which lets a custom provider or a configured catalog through', () => {
    const scan = scanPickerGates(CURRENT_GATE)
    expect(scan.gates).toHaveLength(1)
    expect(scan.gates[0]).toMatchObject({ original: 'r.has(o.model)', isBypassed: true })
  })

  test('26.9xx: one gate that filters by the allowlist, and its rewrite', () => {
    const [gate] = scanPickerGates(OLDER_GATE).gates
    expect(gate).toMatchObject({
      original: 'n.has(a.model)',
      replacement: `${PATCH_MARKER}!a.hidden`,
      isBypassed: false,
    })
    const patched = applyPickerGates(OLDER_GATE, gate ? [gate] : [])
    expect(patched).toBe(OLDER_GATE.replace('n.has(a.model)', `${PATCH_MARKER}!a.hidden`))
    expect(scanPickerGates(patched)).toEqual({ gates: [], patchedCount: 1 })
  })

  test.each([
    [
      'other minified names',
      'function q({availableModels:$x,model:_m,useHiddenModels:f}){return f?$x.has(_m.model):!_m.hidden}',
    ],
    ['an if condition', 'function f(flag,models,model){if(flag?models.has(model.model):!model.hidden)return model}'],
    [
      'a consequent with strings, templates and optional calls',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: minified JavaScript under test, template literal included
      'x=f&&a!==`b:c`?s.has(m.model)||m.tags?.includes(":")||`${m.id?1:2}`===w:!m.hidden;',
    ],
  ])('finds the gate with %s', (_, source) => {
    expect(scanPickerGates(source).gates).toHaveLength(1)
  })

  test.each([
    ['an alternate that is not !model.hidden alone', 'return f?s.has(m.model):!m.hidden||x'],
    ['a member test on another object', 'return f?s.has(other.model):!m.hidden'],
    ['a nullish coalescing operator, not a conditional', 'return f??s.has(m.model)'],
    ['optional chaining, not a conditional', 'return e?.has(o.model)===!0'],
    ['a conditional that never closes', 'return f?s.has(m.model)'],
  ])('ignores %s', (_, source) => {
    expect(scanPickerGates(`${source}.hidden`).gates).toEqual([])
  })

  test('sees every copy of the gate, so that a caller can refuse the ambiguity', () => {
    expect(scanPickerGates(`${OLDER_GATE};${OLDER_GATE}`).gates).toHaveLength(2)
  })
})
