/**
 * A grammar check for the Responses streams we send (what Codex and the SDKs rely on): `response.created`
 * first; `sequence_number` 0, 1, 2, …; each item added once with a fresh `output_index` and id, its deltas only
 * while it is open, then done with the complete item (only a failed response may leave items added and never
 * done); deltas (text, refusal, arguments, input, summary) that add up to the `*.done` text, the
 * `content_part.done` part and the done item's own field; a content part's deltas of its own kind only (no
 * refusal delta into an `output_text` part); exactly one terminal event, last, whose `output` equals the done
 * items; and usage, when present, with Codex's required fields (wire-formats.md §1.5, §1.6).
 * Returns the violations (empty when the stream is valid). Pure TypeScript: runs in workerd and Node.
 */
export interface StreamEvent {
  type: string
  sequence_number?: number
  [field: string]: unknown
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed'])
/**
 * Each delta event: the item type it belongs to, the done event that restates the whole text, and where the
 * done item keeps it (`target`: a content or summary part at the event's index, or a field of the item).
 */
interface DeltaKind {
  itemType: string
  doneType: string
  doneField: string
  /** The index field that names the part (`content_index`, `summary_index`); absent for whole-item fields. */
  indexField?: 'content_index' | 'summary_index'
  /** The part's type and text field in the done item (`content[i].text`), or the item's own field (`arguments`). */
  target: { partType: string; textField: string } | { itemField: string }
}
const DELTA_FIELDS: Record<string, DeltaKind> = {
  'response.output_text.delta': {
    itemType: 'message',
    doneType: 'response.output_text.done',
    doneField: 'text',
    indexField: 'content_index',
    target: { partType: 'output_text', textField: 'text' },
  },
  'response.refusal.delta': {
    itemType: 'message',
    doneType: 'response.refusal.done',
    doneField: 'refusal',
    indexField: 'content_index',
    target: { partType: 'refusal', textField: 'refusal' },
  },
  'response.function_call_arguments.delta': {
    itemType: 'function_call',
    doneType: 'response.function_call_arguments.done',
    doneField: 'arguments',
    target: { itemField: 'arguments' },
  },
  'response.custom_tool_call_input.delta': {
    itemType: 'custom_tool_call',
    doneType: 'response.custom_tool_call_input.done',
    doneField: 'input',
    target: { itemField: 'input' },
  },
  'response.reasoning_summary_text.delta': {
    itemType: 'reasoning',
    doneType: 'response.reasoning_summary_text.done',
    doneField: 'text',
    indexField: 'summary_index',
    target: { partType: 'summary_text', textField: 'text' },
  },
}
/** Content parts whose text the validator follows: a delta of the other kind into one of them is an error. */
const FOLLOWED_PARTS: Record<string, string> = { output_text: 'text', refusal: 'refusal' }

interface OpenItem {
  id: string
  type: string
  /** Delta text so far, by delta event type and part index (`response.output_text.delta#0`). */
  deltas: Map<string, string>
  /** Content parts announced by `content_part.added`, by content_index: their type. */
  parts: Map<number, string>
}

const deltaKey = (type: string, event: StreamEvent, kind: DeltaKind | undefined): string =>
  kind?.indexField === undefined ? type : `${type}#${String(event[kind.indexField] ?? 0)}`

export function validateResponsesStream(events: readonly StreamEvent[]): string[] {
  const problems: string[] = []
  const open = new Map<number, OpenItem>()
  const done = new Map<number, Record<string, unknown>>()
  const ids = new Set<string>()
  let nextIndex = 0
  let terminalAt = -1

  if (events[0]?.type !== 'response.created')
    problems.push(`first event is ${events[0]?.type ?? 'missing'}, not response.created`)
  events.forEach((event, position) => {
    if (event.sequence_number !== position)
      problems.push(`event ${position} (${event.type}) has sequence_number ${String(event.sequence_number)}`)
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
      open.set(index ?? -1, { id, type: String(item?.type), deltas: new Map(), parts: new Map() })
      return
    }
    if (event.type === 'response.content_part.added' || event.type === 'response.content_part.done') {
      problems.push(...checkContentPart(event, position, open.get(index ?? -1)))
      return
    }
    const delta = DELTA_FIELDS[event.type]
    if (delta) {
      const item = open.get(index ?? -1)
      if (!item || item.id !== event.item_id)
        problems.push(`${event.type} at ${position} targets item ${String(event.item_id)} which is not open`)
      else if (item.type !== delta.itemType) problems.push(`${event.type} at ${position} targets a ${item.type} item`)
      else {
        const partType =
          delta.indexField === 'content_index' ? item.parts.get(Number(event.content_index ?? 0)) : undefined
        if (partType !== undefined && 'partType' in delta.target && partType !== delta.target.partType) {
          problems.push(`${event.type} at ${position} goes into a ${partType} part`)
        }
        const key = deltaKey(event.type, event, delta)
        item.deltas.set(key, (item.deltas.get(key) ?? '') + String(event.delta ?? ''))
      }
      return
    }
    const doneOf = Object.entries(DELTA_FIELDS).find(([, entry]) => entry.doneType === event.type)
    if (doneOf) {
      const [deltaType, kind] = doneOf
      const item = open.get(index ?? -1)
      const deltas = item?.deltas.get(deltaKey(deltaType, event, kind)) ?? ''
      if (!item) problems.push(`${event.type} at ${position} for an item that is not open`)
      else if (String(event[kind.doneField]) !== deltas)
        problems.push(
          `${event.type} at ${position}: deltas add up to ${JSON.stringify(deltas.slice(0, 60))}, done says ${JSON.stringify(String(event[kind.doneField]).slice(0, 60))}`,
        )
      return
    }
    if (event.type === 'response.output_item.done') {
      const item = event.item as Record<string, unknown>
      const opened = open.get(index ?? -1)
      if (!opened) problems.push(`output_item.done at ${position} for output_index ${String(index)} that is not open`)
      else {
        if (opened.id !== item?.id) problems.push(`output_item.done at ${position} changes the item id`)
        if (opened.type !== item?.type) problems.push(`output_item.done at ${position} changes the item type`)
        problems.push(...checkDoneAgainstDeltas(item, opened, position))
        open.delete(index ?? -1)
      }
      done.set(index ?? -1, item)
      problems.push(...checkDoneItem(item, position))
    }
  })

  if (terminalAt === -1) problems.push('no terminal event (response.completed, .incomplete or .failed)')
  const terminal = events[terminalAt]
  // A failed response leaves half-written items undone on purpose: Codex replays done items on its retry.
  if (terminal?.type !== 'response.failed')
    for (const [index, item] of open) problems.push(`item ${index} (${item.type}) was added but never done`)
  if (terminal) {
    const response = terminal.response as Record<string, unknown> | undefined
    if (typeof response?.id !== 'string') problems.push('terminal response has no string id')
    const output = (response?.output ?? []) as unknown[]
    const expected = [...done.entries()].sort(([a], [b]) => a - b).map(([, item]) => item)
    if (JSON.stringify(output) !== JSON.stringify(expected))
      problems.push('terminal response.output differs from the items that were done')
    const usage = response?.usage as Record<string, unknown> | null | undefined
    if (usage) {
      for (const field of ['input_tokens', 'output_tokens', 'total_tokens'])
        if (!Number.isInteger(usage[field])) problems.push(`usage.${field} is not an integer`)
      const cached = (usage.input_tokens_details as Record<string, unknown> | undefined)?.cached_tokens
      if (usage.input_tokens_details !== undefined && !Number.isInteger(cached))
        problems.push('usage.input_tokens_details.cached_tokens missing')
    }
    if (
      terminal.type === 'response.failed' &&
      typeof (response?.error as Record<string, unknown> | undefined)?.code !== 'string'
    )
      problems.push('response.failed without error.code')
  }
  return problems
}

/** `content_part.added` announces a part of the open message; `content_part.done` restates it whole. */
function checkContentPart(event: StreamEvent, position: number, item: OpenItem | undefined): string[] {
  if (!item || item.id !== event.item_id)
    return [`${event.type} at ${position} targets item ${String(event.item_id)} which is not open`]
  const part = event.part as Record<string, unknown> | undefined
  const partType = String(part?.type)
  const textField = FOLLOWED_PARTS[partType]
  // Reasoning-text parts (gpt-oss style, relayed from Responses upstreams) are not followed here.
  if (item.type !== 'message' || textField === undefined) return []
  const contentIndex = Number(event.content_index ?? 0)
  if (event.type === 'response.content_part.added') {
    item.parts.set(contentIndex, partType)
    return part?.[textField] === '' ? [] : [`content_part.added at ${position} is not empty`]
  }
  const deltaType = partType === 'refusal' ? 'response.refusal.delta' : 'response.output_text.delta'
  const deltas = item.deltas.get(`${deltaType}#${contentIndex}`)
  if (deltas === undefined || part?.[textField] === deltas) return []
  return [
    `content_part.done at ${position}: deltas add up to ${JSON.stringify(deltas.slice(0, 60))}, the part says ${JSON.stringify(String(part?.[textField]).slice(0, 60))}`,
  ]
}

/** The done item holds exactly what its deltas said: each streamed part, and the streamed arguments or input. */
function checkDoneAgainstDeltas(
  item: Record<string, unknown> | undefined,
  opened: OpenItem,
  position: number,
): string[] {
  const problems: string[] = []
  for (const [key, text] of opened.deltas) {
    const [deltaType = '', partIndex] = key.split('#')
    const kind = DELTA_FIELDS[deltaType]
    if (!kind) continue
    if ('itemField' in kind.target) {
      if (item?.[kind.target.itemField] !== text)
        problems.push(`output_item.done at ${position}: ${kind.target.itemField} differs from its deltas`)
      continue
    }
    const parts = (kind.indexField === 'summary_index' ? item?.summary : item?.content) as
      | Record<string, unknown>[]
      | undefined
    const part = Array.isArray(parts) ? parts[Number(partIndex)] : undefined
    if (part?.type !== kind.target.partType)
      problems.push(
        `output_item.done at ${position}: part ${String(partIndex)} is ${String(part?.type)}, its deltas were ${deltaType}`,
      )
    else if (part[kind.target.textField] !== text)
      problems.push(
        `output_item.done at ${position}: part ${String(partIndex)} differs from its deltas ${JSON.stringify(text.slice(0, 60))}`,
      )
  }
  return problems
}

function checkDoneItem(item: Record<string, unknown> | undefined, position: number): string[] {
  if (!item) return [`output_item.done at ${position} has no item`]
  const problems: string[] = []
  if (item.type === 'message' && !Array.isArray(item.content))
    problems.push(`message at ${position} has no content array`)
  if (item.type === 'function_call') {
    for (const field of ['call_id', 'name', 'arguments'])
      if (typeof item[field] !== 'string') problems.push(`function_call at ${position} lacks ${field}`)
  }
  if (item.type === 'custom_tool_call') {
    for (const field of ['call_id', 'name', 'input'])
      if (typeof item[field] !== 'string') problems.push(`custom_tool_call at ${position} lacks ${field}`)
  }
  return problems
}

/** Parses our SSE text into events (data lines only; comments skipped). */
export function parseSseEvents(text: string): StreamEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n'),
    )
    .filter((data) => data !== '' && data !== '[DONE]')
    .map((data) => JSON.parse(data) as StreamEvent)
}
