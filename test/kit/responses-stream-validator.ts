/**
 * A grammar check for the Responses streams we send (what Codex and the SDKs rely on): `response.created`
 * first; `sequence_number` 0, 1, 2, …; each item added once with a fresh `output_index` and id, its deltas only
 * while it is open, then done with the complete item (only a failed response may leave items added and never
 * done); deltas that add up to the done text; exactly one terminal event, last, whose `output` equals the done
 * items; and usage, when present, with Codex's required fields.
 * Returns the violations (empty when the stream is valid). Pure TypeScript: runs in workerd and Node.
 */
export interface StreamEvent {
  type: string
  sequence_number?: number
  [field: string]: unknown
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed'])
const DELTA_FIELDS: Record<string, { itemType: string; field: string; doneType: string; doneField: string }> = {
  'response.output_text.delta': { itemType: 'message', field: 'text', doneType: 'response.output_text.done', doneField: 'text' },
  'response.function_call_arguments.delta': { itemType: 'function_call', field: 'arguments', doneType: 'response.function_call_arguments.done', doneField: 'arguments' },
  'response.custom_tool_call_input.delta': { itemType: 'custom_tool_call', field: 'input', doneType: 'response.custom_tool_call_input.done', doneField: 'input' },
  'response.reasoning_summary_text.delta': { itemType: 'reasoning', field: 'summary', doneType: 'response.reasoning_summary_text.done', doneField: 'text' },
}

export function validateResponsesStream(events: readonly StreamEvent[]): string[] {
  const problems: string[] = []
  const open = new Map<number, { id: string; type: string; deltas: string }>()
  const done = new Map<number, Record<string, unknown>>()
  const ids = new Set<string>()
  let nextIndex = 0
  let terminalAt = -1

  if (events[0]?.type !== 'response.created') problems.push(`first event is ${events[0]?.type ?? 'missing'}, not response.created`)
  events.forEach((event, position) => {
    if (event.sequence_number !== position) problems.push(`event ${position} (${event.type}) has sequence_number ${String(event.sequence_number)}`)
    if (terminalAt !== -1) problems.push(`event ${position} (${event.type}) comes after the terminal event`)
    if (TERMINAL.has(event.type)) terminalAt = position
    const index = event.output_index as number | undefined

    if (event.type === 'response.output_item.added') {
      const item = event.item as Record<string, unknown>
      if (index !== nextIndex) problems.push(`item added with output_index ${String(index)}, expected ${nextIndex}`)
      nextIndex = (index ?? nextIndex) + 1
      const id = String(item?.id ?? '')
      if (id === '' || ids.has(id)) problems.push(`item at ${String(index)} has a missing or repeated id "${id}"`)
      ids.add(id)
      open.set(index ?? -1, { id, type: String(item?.type), deltas: '' })
      return
    }
    const delta = DELTA_FIELDS[event.type]
    if (delta) {
      const item = open.get(index ?? -1)
      if (!item || item.id !== event.item_id) problems.push(`${event.type} at ${position} targets item ${String(event.item_id)} which is not open`)
      else if (item.type !== delta.itemType) problems.push(`${event.type} at ${position} targets a ${item.type} item`)
      else item.deltas += String(event.delta ?? '')
      return
    }
    const doneOf = Object.values(DELTA_FIELDS).find((entry) => entry.doneType === event.type)
    if (doneOf) {
      const item = open.get(index ?? -1)
      if (!item) problems.push(`${event.type} at ${position} for an item that is not open`)
      else if (String(event[doneOf.doneField]) !== item.deltas) problems.push(`${event.type} at ${position}: deltas add up to ${JSON.stringify(item.deltas.slice(0, 60))}, done says ${JSON.stringify(String(event[doneOf.doneField]).slice(0, 60))}`)
      return
    }
    if (event.type === 'response.output_item.done') {
      const item = event.item as Record<string, unknown>
      const opened = open.get(index ?? -1)
      if (!opened) problems.push(`output_item.done at ${position} for output_index ${String(index)} that is not open`)
      else {
        if (opened.id !== item?.id) problems.push(`output_item.done at ${position} changes the item id`)
        if (opened.type !== item?.type) problems.push(`output_item.done at ${position} changes the item type`)
        open.delete(index ?? -1)
      }
      done.set(index ?? -1, item)
      problems.push(...checkDoneItem(item, position))
    }
  })

  if (terminalAt === -1) problems.push('no terminal event (response.completed, .incomplete or .failed)')
  const terminal = events[terminalAt]
  // A failed response leaves half-written items undone on purpose: Codex replays done items on its retry.
  if (terminal?.type !== 'response.failed') for (const [index, item] of open) problems.push(`item ${index} (${item.type}) was added but never done`)
  if (terminal) {
    const response = terminal.response as Record<string, unknown> | undefined
    if (typeof response?.id !== 'string') problems.push('terminal response has no string id')
    const output = (response?.output ?? []) as unknown[]
    const expected = [...done.entries()].sort(([a], [b]) => a - b).map(([, item]) => item)
    if (JSON.stringify(output) !== JSON.stringify(expected)) problems.push('terminal response.output differs from the items that were done')
    const usage = response?.usage as Record<string, unknown> | null | undefined
    if (usage) {
      for (const field of ['input_tokens', 'output_tokens', 'total_tokens']) if (!Number.isInteger(usage[field])) problems.push(`usage.${field} is not an integer`)
      const cached = (usage.input_tokens_details as Record<string, unknown> | undefined)?.cached_tokens
      if (usage.input_tokens_details !== undefined && !Number.isInteger(cached)) problems.push('usage.input_tokens_details.cached_tokens missing')
    }
    if (terminal.type === 'response.failed' && typeof (response?.error as Record<string, unknown> | undefined)?.code !== 'string') problems.push('response.failed without error.code')
  }
  return problems
}

function checkDoneItem(item: Record<string, unknown> | undefined, position: number): string[] {
  if (!item) return [`output_item.done at ${position} has no item`]
  const problems: string[] = []
  if (item.type === 'message' && !Array.isArray(item.content)) problems.push(`message at ${position} has no content array`)
  if (item.type === 'function_call') {
    for (const field of ['call_id', 'name', 'arguments']) if (typeof item[field] !== 'string') problems.push(`function_call at ${position} lacks ${field}`)
  }
  if (item.type === 'custom_tool_call') {
    for (const field of ['call_id', 'name', 'input']) if (typeof item[field] !== 'string') problems.push(`custom_tool_call at ${position} lacks ${field}`)
  }
  return problems
}

/** Parses our SSE text into events (data lines only; comments skipped). */
export function parseSseEvents(text: string): StreamEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((block) => block.split(/\r?\n/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n'))
    .filter((data) => data !== '' && data !== '[DONE]')
    .map((data) => JSON.parse(data) as StreamEvent)
}
