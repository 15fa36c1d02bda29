import { newId } from '../../canonical/ids'
import type { ChatToolCallDelta } from './chat-types'

export interface AssembledToolCall {
  id: string
  name: string
  arguments: string
  thoughtSignature?: string
}

export interface AssembledToolCalls {
  calls: AssembledToolCall[]
  /** Calls that cannot be run, with why (a call without a name names no tool). */
  unusable: string[]
}

interface Draft {
  id: string
  name: string
  /** Argument fragments, joined once when the call is finished: joining on every fragment is quadratic. */
  fragments: string[]
  /** Characters in `fragments`, so a summary repeat is only looked for where it can be. */
  length: number
  thoughtSignature?: string
}

/**
 * Rebuilds tool calls from streamed fragments, whatever the provider's habits (wire-formats.md §2.2, §5):
 * a known id wins over `index` (Gemini sends inconsistent indexes for one id, fixture 17); without an index
 * the id decides, and without either the last call continues (Mistral, fixture 13); `""` ids are continuations
 * (Qwen, fixture 11); a new id on a reused index is a new call (Ollama); names are never overwritten by
 * repeats. Fragments are kept as they come, repeats included, except LiteLLM's final summary chunk, which
 * repeats the complete arguments (https://github.com/BerriAI/litellm/issues/20480).
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
    const draft: Draft = { id, name: '', fragments: [], length: 0 }
    drafts.push(draft)
    return draft
  }

  function addFragment(draft: Draft, fragment: string): void {
    if (isSummaryRepeat(draft, fragment)) return
    draft.fragments.push(fragment)
    draft.length += fragment.length
  }

  function push(delta: ChatToolCallDelta): void {
    const id = delta.id !== undefined && delta.id !== '' ? delta.id : undefined
    const { index } = delta
    const draft = draftFor(id, index)
    if (id !== undefined && draft.id === '') draft.id = id
    if (draft.id !== '') byId.set(draft.id, draft)
    if (index !== undefined) byIndex.set(index, draft)

    const name = delta.function?.name
    const args = delta.function?.arguments
    if (name !== undefined && name !== '' && name !== draft.name) {
      // Kimi has split a name across deltas; append only when that spells out a tool we offered.
      if (draft.name === '') draft.name = name
      else if (knownNames.has(draft.name + name)) draft.name += name
    }
    if (typeof args === 'string') {
      if (args !== '') addFragment(draft, args)
    } else if (args !== undefined) {
      const whole = JSON.stringify(args)
      draft.fragments = [whole]
      draft.length = whole.length
    }
    if (delta.extra_content !== undefined) draft.thoughtSignature = delta.extra_content.google.thought_signature
  }

  return {
    push,
    /** The calls in the order they started; a call without an id gets one, empty arguments become `{}`. */
    finish(): AssembledToolCalls {
      const result: AssembledToolCalls = { calls: [], unusable: [] }
      for (const [position, draft] of drafts.entries()) {
        if (draft.name === '' && draft.length === 0) continue
        if (draft.name === '') {
          result.unusable.push(
            `tool call ${draft.id || `#${position}`}: the upstream sent no function name, so it was not run`,
          )
          continue
        }
        const args = draft.fragments.join('')
        const call: AssembledToolCall = {
          id: draft.id || newId('call'),
          name: draft.name,
          arguments: args.trim() === '' ? '{}' : args,
        }
        if (draft.thoughtSignature !== undefined) call.thoughtSignature = draft.thoughtSignature
        result.calls.push(call)
      }
      return result
    },
  }
}

/**
 * LiteLLM's summary chunk is the complete arguments once more, after they are complete: the same text as
 * everything so far, which is a whole JSON value. A fragment equal to the text so far that is not yet complete
 * JSON is a real repeat and is kept. Comparing only on equal lengths keeps this linear: a fragment as long as
 * everything before it doubles the text when it is kept, and the joined text replaces the parts it was joined from.
 */
function isSummaryRepeat(draft: Draft, fragment: string): boolean {
  if (draft.length === 0 || fragment.length !== draft.length) return false
  const soFar = draft.fragments.join('')
  draft.fragments = [soFar]
  if (soFar !== fragment) return false
  try {
    JSON.parse(soFar)
    return true
  } catch {
    // Not yet a complete value: the model really did write these characters twice.
    return false
  }
}
