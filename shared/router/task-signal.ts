import { isRecord } from '../is-record'

/** What the classifier is told about a task: never the whole conversation, never anything but the user's ask. */
export interface TaskSignal {
  /** The latest real user text, head and tail when it is long. */
  text: string
  hasImages: boolean
  toolCount: number
  /** A rough size of the whole request in tokens (about four characters each). */
  estimatedTokens: number
}

const HEAD_CHARS = 3000
const TAIL_CHARS = 3000
const CHARS_PER_TOKEN = 4

export function taskSignal(body: Record<string, unknown>, bodyBytes: number): TaskSignal {
  const input = Array.isArray(body.input)
    ? body.input
    : typeof body.input === 'string'
      ? [{ type: 'message', role: 'user', content: body.input }]
      : []
  return {
    text: clip(latestUserText(input)),
    hasImages: input.some(hasImage),
    toolCount: Array.isArray(body.tools) ? body.tools.length : 0,
    estimatedTokens: Math.ceil(bodyBytes / CHARS_PER_TOKEN),
  }
}

function latestUserText(input: unknown[]): string {
  for (let index = input.length - 1; index >= 0; index--) {
    const item = input[index]
    if (!isRecord(item) || item.role !== 'user' || (item.type !== undefined && item.type !== 'message')) continue
    const text =
      typeof item.content === 'string'
        ? item.content
        : Array.isArray(item.content)
          ? item.content
              .flatMap((part) => (isRecord(part) && typeof part.text === 'string' ? [part.text] : []))
              .join('\n')
          : ''
    if (text.trim() !== '') return text
  }
  return ''
}

function hasImage(item: unknown): boolean {
  if (!isRecord(item)) return false
  if (item.type === 'input_image') return true
  const parts = Array.isArray(item.content) ? item.content : Array.isArray(item.output) ? item.output : []
  return parts.some((part) => isRecord(part) && part.type === 'input_image')
}

function clip(text: string): string {
  if (text.length <= HEAD_CHARS + TAIL_CHARS) return text
  return `${text.slice(0, HEAD_CHARS)}\n[… ${text.length - HEAD_CHARS - TAIL_CHARS} characters left out …]\n${text.slice(-TAIL_CHARS)}`
}
