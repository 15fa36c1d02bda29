import { badRequest, isRecord } from '../../http/bad-request'
import type { ChatContentPart } from './chat-types'

export interface ContentOptions {
  isImageSupported: boolean
  modelName: string
  dropped: string[]
}

const DETAILS = new Set(['auto', 'low', 'high'])

/** Text of a part list (or string), for roles whose content is text only. */
export function textOf(content: unknown, path: string): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) throw badRequest(path, 'expected a string or an array of content parts')
  return content
    .map((part, index) => {
      if (typeof part === 'string') return part
      if (!isRecord(part)) throw badRequest(`${path}[${index}]`, 'expected a content part object')
      if (typeof part.text === 'string') return part.text
      if (typeof part.refusal === 'string') return part.refusal
      return ''
    })
    .filter((text) => text !== '')
    .join('\n\n')
}

/** Responses content parts → chat parts: text, and images as `image_url` (or a note for text-only models). */
export function chatPartsOf(content: unknown, path: string, options: ContentOptions): ChatContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }]
  if (!Array.isArray(content)) throw badRequest(path, 'expected a string or an array of content parts')
  const parts: ChatContentPart[] = []
  content.forEach((part, index) => {
    const partPath = `${path}[${index}]`
    if (typeof part === 'string') {
      if (part !== '') parts.push({ type: 'text', text: part })
      return
    }
    if (!isRecord(part)) throw badRequest(partPath, 'expected a content part object')
    if (part.type === 'input_image' || part.type === 'image_url') {
      const url = imageUrlOf(part)
      if (url === undefined) throw badRequest(`${partPath}.image_url`, 'expected an image URL or data URL')
      if (!options.isImageSupported) {
        options.dropped.push(`${partPath}: image omitted (no_image_support)`)
        parts.push({ type: 'text', text: `[image omitted: ${options.modelName} does not accept images]` })
        return
      }
      const detail = typeof part.detail === 'string' && DETAILS.has(part.detail) ? (part.detail as 'auto' | 'low' | 'high') : undefined
      parts.push({ type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } })
      return
    }
    if (part.type === 'input_file') {
      const name = typeof part.filename === 'string' ? part.filename : 'file'
      options.dropped.push(`${partPath}: input_file is not supported by chat completions`)
      parts.push({ type: 'text', text: `[file ${name} omitted: this model cannot read attached files]` })
      return
    }
    const text = typeof part.text === 'string' ? part.text : typeof part.refusal === 'string' ? part.refusal : undefined
    if (text === undefined) throw badRequest(`${partPath}.type`, `unsupported content part type ${JSON.stringify(part.type)}`)
    if (text !== '') parts.push({ type: 'text', text })
  })
  return parts
}

function imageUrlOf(part: Record<string, unknown>): string | undefined {
  if (typeof part.image_url === 'string') return part.image_url
  if (isRecord(part.image_url) && typeof part.image_url.url === 'string') return part.image_url.url
  return undefined
}

/** A string when every part is text (what most upstreams handle best), else the part list. */
export function collapseParts(parts: ChatContentPart[]): string | ChatContentPart[] {
  if (parts.every((part) => part.type === 'text')) return parts.map((part) => (part as { text: string }).text).join('\n\n')
  return parts
}
