import fc from 'fast-check'

/**
 * Patches a model writes for the hosted apply_patch tool (hosted-apply-patch.ts: Codex's grammar, one operation
 * per file), with the `apply_patch_call` operations each must come back as.
 */
export interface GeneratedPatch {
  patch: string
  operations: Record<string, unknown>[]
}

const line = fc.constantFrom('', 'const a = 1', 'hé 😀', '  indented', 'return "x"')
const path = fc.constantFrom('hello.txt', 'src/a.ts', 'docs/read me.md')
const operation = fc.oneof(
  fc.record({ type: fc.constant('create_file' as const), path, lines: fc.array(line, { minLength: 1, maxLength: 3 }) }),
  fc.record({
    type: fc.constant('update_file' as const),
    path,
    lines: fc.array(
      fc.tuple(fc.constantFrom('-', '+', ' '), line).map(([sign, text]) => sign + text),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({ type: fc.constant('delete_file' as const), path }),
)

export const patchArb: fc.Arbitrary<GeneratedPatch> = fc
  .tuple(fc.array(operation, { minLength: 1, maxLength: 2 }), fc.boolean())
  .map(([operations, hasFinalNewline]) => {
    const hunks = operations.map((op) => {
      if (op.type === 'create_file')
        return { header: `*** Add File: ${op.path}`, body: op.lines.map((text) => `+${text}`) }
      if (op.type === 'update_file') return { header: `*** Update File: ${op.path}`, body: ['@@', ...op.lines] }
      return { header: `*** Delete File: ${op.path}`, body: [] }
    })
    const patch =
      ['*** Begin Patch', ...hunks.flatMap((hunk) => [hunk.header, ...hunk.body]), '*** End Patch'].join('\n') +
      (hasFinalNewline ? '\n' : '')
    return {
      patch,
      operations: operations.map((op, index) => {
        const body = hunks[index]?.body ?? []
        return op.type === 'delete_file'
          ? { type: op.type, path: op.path }
          : { type: op.type, path: op.path, diff: `${body.join('\n')}\n` }
      }),
    }
  })
