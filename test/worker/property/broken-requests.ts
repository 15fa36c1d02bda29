import fc from 'fast-check'

type Json = Record<string, unknown>

/**
 * One deliberate mistake in an otherwise valid body, and the JSON path the 400 must name. Each targets a field
 * the translators read, at a place where nothing before it can fail first.
 */
export interface Breakage {
  body: Json
  path: string
}

export function brokenBodyOf(responsesBody: fc.Arbitrary<Json>): fc.Arbitrary<Breakage> {
  return fc.tuple(responsesBody, fc.nat(), fc.nat()).chain(([body, pick, part]) => {
    const items = Array.isArray(body.input) ? (body.input as Json[]) : []
    const indexOf = (test: (item: Json) => boolean): number | undefined => {
      const matching = items.flatMap((item, index) => (test(item) ? [index] : []))
      return matching.length === 0 ? undefined : matching[pick % matching.length]
    }
    const withItem = (index: number, change: (item: Json) => unknown): Json => ({
      ...body,
      input: items.map((item, at) => (at === index ? change(item) : item)),
    })
    const options: Breakage[] = [
      { body: { ...body, input: 42 }, path: 'input' },
      { body: { ...body, instructions: 7 }, path: 'instructions' },
      { body: { ...body, previous_response_id: 'resp_123' }, path: 'previous_response_id' },
      { body: { ...body, tools: { type: 'function' } }, path: 'tools' },
      {
        body: { ...body, tools: [...((body.tools as Json[] | undefined) ?? []), 'exec_command'] },
        path: `tools[${((body.tools as Json[] | undefined) ?? []).length}]`,
      },
      {
        body: {
          ...body,
          tools: [{ type: 'function', description: 'no name' }, ...((body.tools as Json[] | undefined) ?? [])],
        },
        path: 'tools[0].name',
      },
    ]
    if (items.length > 0) {
      const at = pick % items.length
      options.push({ body: withItem(at, () => 'an item as a bare string'), path: `input[${at}]` })
      options.push({ body: withItem(at, (item) => ({ ...item, type: 'bogus_item' })), path: `input[${at}].type` })
    }
    const role = indexOf((item) => item.role === 'user')
    if (role !== undefined) {
      options.push({ body: withItem(role, (item) => ({ ...item, role: 'robot' })), path: `input[${role}].role` })
      options.push({ body: withItem(role, (item) => ({ ...item, content: 42 })), path: `input[${role}].content` })
      const content = items[role]?.content
      const parts = Array.isArray(content) ? content : [{ type: 'input_text', text: String(content) }]
      const j = part % (parts.length + 1)
      const broken = (value: unknown) =>
        withItem(role, (item) => ({ ...item, content: [...parts.slice(0, j), value, ...parts.slice(j)] }))
      options.push({ body: broken(5), path: `input[${role}].content[${j}]` })
      options.push({
        body: broken({ type: 'input_audio', input_audio: { data: '', format: 'wav' } }),
        path: `input[${role}].content[${j}].type`,
      })
      options.push({
        body: broken({ type: 'input_image', detail: 'low' }),
        path: `input[${role}].content[${j}].image_url`,
      })
    }
    const call = indexOf((item) => item.type === 'function_call' || item.type === 'custom_tool_call')
    if (call !== undefined) {
      options.push({ body: withItem(call, (item) => ({ ...item, call_id: 7 })), path: `input[${call}].call_id` })
      options.push({ body: withItem(call, (item) => ({ ...item, name: undefined })), path: `input[${call}].name` })
    }
    const output = indexOf((item) => typeof item.type === 'string' && item.type.endsWith('_output'))
    if (output !== undefined)
      options.push({ body: withItem(output, (item) => ({ ...item, call_id: 7 })), path: `input[${output}].call_id` })
    const patch = indexOf((item) => item.type === 'apply_patch_call')
    if (patch !== undefined) {
      options.push({
        body: withItem(patch, (item) => ({ ...item, operation: { type: 'rename_file', path: 'a' } })),
        path: `input[${patch}].operation.type`,
      })
      options.push({
        body: withItem(patch, (item) => ({ ...item, operation: { type: 'delete_file' } })),
        path: `input[${patch}].operation.path`,
      })
    }
    return fc.constantFrom(...options)
  })
}
