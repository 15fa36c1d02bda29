import fc from 'fast-check'
import type { ToolRegistry, ToolTarget } from '../../../worker/canonical/tool-registry'
import { patchArb, type GeneratedPatch } from './patch-arbitraries'
import { splitText, textOf } from './stream-invariants'

/**
 * Tool calls as chat upstreams stream them: calls to every kind of tool Codex offers, and the `tool_calls`
 * deltas each arrives in, in each provider's style (wire-formats.md §2.2 and §5; the fixtures named below).
 */
/** The tools as chat-tools.ts registers them; apply_patch is Codex's freeform tool or the hosted one, never both. */
export type PatchTool = 'freeform' | 'hosted'
export const registryFor = (patchTool: PatchTool): ToolRegistry =>
  new Map<string, ToolTarget>([
    ['exec_command', { kind: 'function', name: 'exec_command' }],
    ['multi_agent_v1__spawn_agent', { kind: 'function', name: 'spawn_agent', namespace: 'multi_agent_v1' }],
    [
      'apply_patch',
      patchTool === 'freeform' ? { kind: 'custom', name: 'apply_patch' } : { kind: 'apply_patch', name: 'apply_patch' },
    ],
    ['local_shell', { kind: 'local_shell', name: 'local_shell' }],
  ])
const registry = registryFor('freeform')

export type ToolKind = 'function' | 'namespaced' | 'custom' | 'local_shell' | 'unknown'
export interface GeneratedCall {
  id: string
  kind: ToolKind
  upstreamName: string
  arguments: string
  /** For the hosted apply_patch: the patch in `arguments`, and the file operations it must come back as. */
  patch?: GeneratedPatch
  thoughtSignature?: string
}

const jsonArgs = fc.dictionary(fc.constantFrom('cmd', 'path', 'n', 'flags', 'note'), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 3,
})
const argumentsFor: Record<ToolKind, fc.Arbitrary<string>> = {
  function: fc.oneof(
    fc.tuple(jsonArgs, fc.boolean()).map(([args, pretty]) => JSON.stringify(args, null, pretty ? 2 : undefined)),
    fc.constant(''),
  ),
  namespaced: jsonArgs.map((args) => JSON.stringify(args)),
  custom: textOf().map((input) => JSON.stringify({ input })),
  local_shell: fc
    .array(fc.constantFrom('ls', '-la', 'echo', 'hé 😀'), { minLength: 1, maxLength: 3 })
    .map((command) => JSON.stringify({ command })),
  unknown: jsonArgs.map((args) => JSON.stringify(args)),
}
export const NAMES: Record<ToolKind, string> = {
  function: 'exec_command',
  namespaced: 'multi_agent_v1__spawn_agent',
  custom: 'apply_patch',
  local_shell: 'local_shell',
  unknown: 'not_offered',
}

const call = (position: number, patchTool: PatchTool) =>
  fc
    .constantFrom<ToolKind>('function', 'namespaced', 'custom', 'local_shell', 'unknown')
    .chain((kind): fc.Arbitrary<GeneratedCall> => {
      const base = { id: `call_${position}`, kind, upstreamName: NAMES[kind] }
      if (kind === 'custom' && patchTool === 'hosted')
        return patchArb.map((patch) => ({ ...base, arguments: JSON.stringify({ input: patch.patch }), patch }))
      return argumentsFor[kind].map((args) => ({ ...base, arguments: args }))
    })
export const calls = (patchTool: PatchTool) =>
  fc
    .integer({ min: 0, max: 3 })
    .chain((count) => fc.tuple(...Array.from({ length: count }, (_, position) => call(position, patchTool))))

export type CallStyle = 'openai' | 'qwen' | 'gemini' | 'whole' | 'ollama' | 'mistral' | 'no_index' | 'litellm' | 'kimi'
export const INDEXED: ReadonlySet<CallStyle> = new Set(['openai', 'qwen', 'gemini', 'whole', 'litellm', 'kimi'])

/** The tool_calls deltas one call arrives in, in one provider's style. */
export function callDeltas(
  generated: GeneratedCall,
  index: number,
  style: CallStyle,
  cuts: number[],
  noise: number,
): Record<string, unknown>[] {
  const { id, upstreamName: name } = generated
  const pieces = splitText(generated.arguments, cuts)
  const fn = (fields: Record<string, unknown>) => ({ function: fields })
  switch (style) {
    case 'openai':
      return [
        { index, id, type: 'function', ...fn({ name, arguments: '' }) },
        ...pieces.map((piece) => ({ index, ...fn({ arguments: piece }) })),
      ]
    case 'litellm':
      // LiteLLM's last chunk repeats the complete arguments (https://github.com/BerriAI/litellm/issues/20480).
      return [
        { index, id, type: 'function', ...fn({ name, arguments: '' }) },
        ...pieces.map((piece) => ({ index, ...fn({ arguments: piece }) })),
        ...(generated.arguments === '' ? [] : [{ index, ...fn({ arguments: generated.arguments }) }]),
      ]
    case 'qwen':
      // Continuations carry `"id":""` and repeat the type; a trailing empty fragment (fixture 11).
      return [
        { index, id, type: 'function', ...fn({ name, arguments: pieces[0] ?? '' }) },
        ...pieces.slice(1).map((piece) => ({ index, id: '', type: 'function', ...fn({ arguments: piece }) })),
        { index, id: '', type: 'function', ...fn({ arguments: '' }) },
      ]
    case 'gemini':
      // The id and name on every delta, the index not to be trusted, the thought signature on the first (fixture 17).
      return (pieces.length === 0 ? [''] : pieces).map((piece, position) => ({
        index: (index + noise * position) % 4,
        id,
        type: 'function',
        ...fn({ name, arguments: piece }),
        ...(position === 0 && generated.thoughtSignature !== undefined
          ? { extra_content: { google: { thought_signature: generated.thoughtSignature } } }
          : {}),
      }))
    case 'whole':
    case 'ollama':
      return [{ index, id, type: 'function', ...fn({ name, arguments: generated.arguments }) }]
    case 'mistral':
      return [{ id, ...fn({ name, arguments: generated.arguments }) }]
    case 'no_index':
      return [
        { id, ...fn({ name, arguments: pieces[0] ?? '' }) },
        ...pieces.slice(1).map((piece) => fn({ arguments: piece })),
      ]
    case 'kimi': {
      // A name split across deltas; the assembler joins it only when that spells an offered tool.
      const split = registry.has(name) ? 1 + (noise % (name.length - 1)) : name.length
      const rest = name.slice(split)
      return [
        { index, id, type: 'function', ...fn({ name: name.slice(0, split), arguments: '' }) },
        ...(rest === '' ? [] : [{ index, ...fn({ name: rest }) }]),
        ...pieces.map((piece) => ({ index, ...fn({ arguments: piece }) })),
      ]
    }
  }
}
