import { isRecord } from '../../http/bad-request'
import { newId } from '../../canonical/ids'

export interface AssembledToolCall {
  id: string
  name: string
  arguments: string
  thoughtSignature?: string
}

interface Draft {
  id: string
  name: string
  fragments: string[]
  thoughtSignature?: string
}

/**
 * Rebuilds tool calls from streamed fragments, whatever the provider's habits (wire-formats.md §2.2, §5):
 * a known id wins over `index` (Gemini sends inconsistent indexes for one id, fixture 17); without an index
 * the id decides, and without either the last call continues (Mistral, fixture 13); `""` ids are continuations
 * (Qwen, fixture 11); a new id on a reused index is a new call (Ollama); names are never overwritten by
 * repeats; a fragment that repeats all arguments so far is a summary, not more arguments.
 */
export function createToolCallAssembler(knownNames: ReadonlySet<string>) {
  const drafts: Draft[] = []
  const byId = new Map<string, Draft>()
  const byIndex = new Map<number, Draft>()

  function draftFor(id: string | undefined, index: number | undefined): Draft {
    if (id !== undefined) {
      const known = byId.get(id)
      if (known) return known
      const atIndex = index === undefined ? undefined : byIndex.get(index)
      if (atIndex && atIndex.id === '') return atIndex
      return open(id)
    }
    if (index !== undefined) return byIndex.get(index) ?? open('')
    return drafts.at(-1) ?? open('')
  }

  function open(id: string): Draft {
    const draft: Draft = { id, name: '', fragments: [] }
    drafts.push(draft)
    return draft
  }

  function push(delta: unknown): void {
    if (!isRecord(delta)) return
    const id = typeof delta.id === 'string' && delta.id !== '' ? delta.id : undefined
    const index = typeof delta.index === 'number' ? delta.index : undefined
    const draft = draftFor(id, index)
    if (id !== undefined && draft.id === '') draft.id = id
    if (draft.id !== '') byId.set(draft.id, draft)
    if (index !== undefined) byIndex.set(index, draft)

    const fn = isRecord(delta.function) ? delta.function : {}
    if (typeof fn.name === 'string' && fn.name !== '' && fn.name !== draft.name) {
      // Kimi has split a name across deltas; append only when that spells out a tool we offered.
      if (draft.name === '') draft.name = fn.name
      else if (knownNames.has(draft.name + fn.name)) draft.name += fn.name
    }
    if (typeof fn.arguments === 'string' && fn.arguments !== '') {
      const soFar = draft.fragments.join('')
      if (soFar === '' || fn.arguments !== soFar) draft.fragments.push(fn.arguments)
    } else if (isRecord(fn.arguments)) {
      draft.fragments = [JSON.stringify(fn.arguments)]
    }
    const google = isRecord(delta.extra_content) && isRecord(delta.extra_content.google) ? delta.extra_content.google : undefined
    if (typeof google?.thought_signature === 'string') draft.thoughtSignature = google.thought_signature
  }

  return {
    push,
    get hasCalls(): boolean {
      return drafts.length > 0
    },
    /** The calls in the order they started; a call without an id gets one, empty arguments become `{}`. */
    finish(): AssembledToolCall[] {
      return drafts
        .filter((draft) => draft.name !== '' || draft.fragments.length > 0)
        .map((draft) => {
          const args = draft.fragments.join('')
          const call: AssembledToolCall = { id: draft.id || newId('call'), name: draft.name, arguments: args.trim() === '' ? '{}' : args }
          if (draft.thoughtSignature !== undefined) call.thoughtSignature = draft.thoughtSignature
          return call
        })
    },
  }
}
